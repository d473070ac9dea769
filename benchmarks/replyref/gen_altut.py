#!/usr/bin/env python3
"""Writes one AltUt batch file of about SIZE bytes (streamed, constant memory) for the
replyref-rewrite memory benchmark: messages with HTML content in CDATA, comments, and reply
options that the map resolves, does not resolve, or that already name a ServiceCode.
   gen_altut.py SIZE_BYTES OUT.xml MAP.csv"""
import sys

size, out_path, map_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
with open(map_path, "w", encoding="utf-8") as m:
    m.write("kind,name,version,serviceCode,serviceEditionCode\n")
    for i in range(100):
        m.write(f"form,RF-{1000 + i},1,{4000 + i},1\n")
    m.write("form,RF-2000,,4999,3\n")

body = "<p>Melding til mottaker: skatteoppgjøret er klart. Logg inn for å se det.</p>" * 4
with open(out_path, "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<GovOrgan name="BENCH_1"><AltUt sequenceno="1">\n')
    written, n = 0, 0
    while written < size:
        n += 1
        msg = (f'<Message shortName="4711_1" messageReference="M{n}"><!-- message {n} -->'
               f'<Participant id="{910000000 + n % 1000:09d}"><Content languageCode="1044">'
               f'<MessageHeader>Melding {n}</MessageHeader><HTML><![CDATA[{body}]]></HTML></Content></Participant>'
               f'<ReplyMessages><ReplyMessage><Form formNumber="RF-{1000 + n % 120}" version="1"/></ReplyMessage>'
               f'<ReplyMessage><Form formNumber="RF-2000" version="{n % 7}"><ArchiveReference>AR{n}</ArchiveReference></Form></ReplyMessage>'
               f'<ReplyMessage><Form><ServiceCode>4711_1</ServiceCode></Form></ReplyMessage></ReplyMessages></Message>\n')
        f.write(msg)
        written += len(msg.encode("utf-8"))
    f.write("</AltUt></GovOrgan>\n")
print(f"{out_path}: {n} messages, {written} bytes")
