from arddesk.cli import main

raise SystemExit(main())
