#!/bin/sh
# Regenerates the CSV reader fixtures in this folder (tests/unit/test_csvio.c
# checks their exact contents, lines and records).  The files are kept in
# the repository; run this only to change them:  sh tests/data/csv/gen.sh
set -eu
cd "$(dirname "$0")"

# Plain UTF-8, LF: CJK names, quoted commas and quotes, a quoted newline,
# unquoted edge spaces kept, an empty last field.
printf '%s\n' \
    '姓名,公司,電話,備註' \
    '張偉,"北京科技有限公司, 海淀分部",+86 138 0013 8000,VIP' \
    '陳大文,香港貿易公司,852-2345-6789,"第一行' \
    '第二行"' \
    '"Li, Ming",Acme Ltd,,"He said ""hi"""' \
    '王芳, 上海 ,021-5555,' > utf8.csv

# UTF-8 with a byte order mark and CRLF line ends; a quoted CRLF.
printf '\357\273\277name,city\r\n張偉,台北\r\n陳大文,"香港\r\n九龍"\r\n李明,深圳\r\n' \
    > utf8-bom-crlf.csv

# UTF-16LE with its byte order mark, CRLF.
{ printf '\377\376'
  printf '聯繫人,電話\r\n張偉,0912-345-678\r\n陳大文,"02-2345-6789"\r\n' |
      iconv -f UTF-8 -t UTF-16LE; } > utf16le.csv

# Simplified Chinese in GB18030 (GBK range), no mark.
printf '联系人,公司名称,电话\n张伟,北京科技有限公司,010-12345678\n王芳,上海贸易有限公司,021-87654321\n' |
    iconv -f UTF-8 -t GB18030 > gb18030.csv

# Traditional Chinese in Big5, no mark.
printf '聯繫人,公司名稱,電話\n陳大文,台北科技有限公司,02-2345-6789\n林美玲,高雄貿易股份有限公司,07-1234567\n' |
    iconv -f UTF-8 -t BIG5 > big5.csv

# Semicolons (decimal commas in the data) and tabs.
printf 'name;amount;note\n張偉;1,234.50;"a;b"\n陳大文;-12,00;x\n' > semicolon.csv
printf '姓名\t金額\t備註\n張偉\t1,234.50\t含,逗號\n陳大文\t99\t"tab\there"\n' > tab.csv

# Ragged rows and a blank line (skipped, but counted as a line).
printf 'a,b,c\n1,2\n1,2,3,4\n\n5\n' > ragged.csv

# A quote opened on line 3 and never closed.
printf 'name,note\n張偉,ok\n陳大文,"never closed\nstill open\n' > unterminated.csv

# UTF-8 with one stray 0xFF byte on line 3, column 6.
printf '姓名,城市\n張偉,台北\n陳大文,香\377or港\n李明,高雄\n' > invalid-utf8.csv

# Empty, and binary (a zip header: NUL bytes).
: > empty.csv
printf 'PK\003\004\024\000\000\000\010\000\000\000!\000name.csv\000\000' > binary.csv

# A 70000-byte field (record 3, field 2, line 3): above the 64 KiB cap.
{ printf 'id,notes\n1,short\n2,'
  head -c 70000 /dev/zero | tr '\0' x
  printf '\n3,after\n'; } > big-field.csv

# Old Mac: CR only, with a quoted CR.
printf 'name,city\r張偉,台北\r陳大文,"香港\r九龍"\r李明,高雄\r' > cr-only.csv
