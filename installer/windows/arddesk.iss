; Inno Setup 6 script: the Windows installer of arddesk, made from the PyInstaller bundle that
; installer/arddesk.spec builds (installer/build windows runs both; see the README).
;   iscc /DVersion=0.1.0 installer\windows\arddesk.iss   ->  dist\arddesk-0.1.0-windows-x64-setup.exe
; Per user, without administrator rights: the program goes to %LOCALAPPDATA%\Programs\arddesk. The
; companies stay in %LOCALAPPDATA%\arddesk, which this installer never writes and its uninstaller
; never deletes.

#ifndef Version
  #error Give the version: iscc /DVersion=X.Y.Z (installer/build windows reads it from pyproject.toml)
#endif

[Setup]
AppId={{5C4B8E1A-7F0B-4A6E-9B1D-3E2F8A7C6D51}
AppName=arddesk
AppVersion={#Version}
AppVerName=arddesk {#Version}
AppPublisher=arddesk
DefaultDirName={localappdata}\Programs\arddesk
DefaultGroupName=arddesk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=arddesk-{#Version}-windows-x64-setup
SetupIconFile=..\..\resources\icons\arddesk.ico
UninstallDisplayIcon={app}\arddesk.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=yes
ChangesAssociations=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[CustomMessages]
en.OpenWith=Offer arddesk in "Open with" for company files (.sqlite)
zh.OpenWith=在“打开方式”中为公司文件（.sqlite）提供 arddesk
en.Launch=Start arddesk
zh.Launch=启动 arddesk

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "openwith"; Description: "{cm:OpenWith}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; The one-folder bundle: arddesk.exe (the window), arddesk-cli.exe (the command line) and _internal\.
Source: "..\..\build\dist\arddesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\arddesk"; Filename: "{app}\arddesk.exe"
Name: "{autodesktop}\arddesk"; Filename: "{app}\arddesk.exe"; Tasks: desktopicon

[Registry]
; The .sqlite association is left alone (other programs use .sqlite files): arddesk is only added to
; "Open with" for them, and opens the file chosen with --db. Removed again by the uninstaller.
Root: HKCU; Subkey: "Software\Classes\arddesk.company"; ValueType: string; ValueName: ""; ValueData: "arddesk company"; Flags: uninsdeletekey; Tasks: openwith
Root: HKCU; Subkey: "Software\Classes\arddesk.company\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\arddesk.exe,0"; Tasks: openwith
Root: HKCU; Subkey: "Software\Classes\arddesk.company\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\arddesk.exe"" --db ""%1"""; Tasks: openwith
Root: HKCU; Subkey: "Software\Classes\.sqlite\OpenWithProgids"; ValueType: string; ValueName: "arddesk.company"; ValueData: ""; Flags: uninsdeletevalue; Tasks: openwith

[Run]
Filename: "{app}\arddesk.exe"; Description: "{cm:Launch}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the installer put in {app}; %LOCALAPPDATA%\arddesk (the companies, their backups) stays.
Type: filesandordirs; Name: "{app}\_internal"
