"""What the fork server of the letter workers loads once: the letter code, with its fonts read.

Every worker forked from it then starts ready to draw, instead of each importing ReportLab
and parsing the font files again (seconds on a busy machine).
"""

from arddesk.reports.letters import register_fonts

register_fonts()
