-- conv-receipt.lua - read receipts from patients through libmilter (run
-- by tests/integration/conv-receipt.sh, Conversations yes, PeerCertificate
-- off, InternalHosts 127.0.0.0/8).
--
-- A professional may ask for a read receipt; the patient's MDN (RFC 8098)
-- or a DSN (RFC 3464) from the patient domain is accepted when the
-- mailbox has a conversation with the patient, open or closed, and
-- changes nothing in it; to a mailbox that never wrote to the patient it
-- is refused (conv.not_opened). A patient's ordinary reply to a closed
-- conversation is refused at end of message (conv.closed), and so is a
-- fake report (multipart/report without the machine-readable part).
-- -D part=open|mdn-open|fin|closed run the steps, so that the script in
-- between can read the directory.

dofile(lib)

local PRO = "<jean.exemple@medecin.mssante.fr>"
local NEVER = "<marie.autre@medecin.mssante.fr>"
local PAT = "<285037728417346@patient.mssante.fr>"

local MDN_CT = "multipart/report; report-type=disposition-notification; boundary=m"
local MDN_BODY = "--m\r\nContent-Type: text/plain\r\n\r\nLu.\r\n--m\r\n" ..
	"Content-Type: message/disposition-notification\r\n\r\n" ..
	"Final-Recipient: rfc822; 285037728417346@patient.mssante.fr\r\n" ..
	"Disposition: manual-action/MDN-sent-manually; displayed\r\n--m--\r\n"
local DSN_CT = "multipart/report; report-type=delivery-status; boundary=d"
local DSN_BODY = "--d\r\nContent-Type: text/plain\r\n\r\nDelivered.\r\n--d\r\n" ..
	"Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.patient\r\n" ..
	"\r\nFinal-Recipient: rfc822; 285037728417346@patient.mssante.fr\r\n" ..
	"Action: delivered\r\nStatus: 2.0.0\r\n--d--\r\n"
-- A fake: the second part is not the machine-readable one.
local FAKE_BODY = "--m\r\nContent-Type: text/plain\r\n\r\nLu.\r\n--m\r\n" ..
	"Content-Type: text/plain\r\n\r\nune question de plus\r\n--m--\r\n"

-- pro - an outbound session (internal host) of the professional
local function pro()
	return session({ host = "localhost", ip = "127.0.0.1" })
end

-- patient - an inbound session from the patients' operator
local function patient()
	return session({ host = "smtp.patient-operateur.example", ip = "192.0.2.20",
			 tls = "TLSv1.3", cn = "smtp.patient-operateur.example" })
end

-- pro_msg - the professional writes to the patient, to the end
local function pro_msg(qid, subject)
	local p = pro()
	mail(p, qid, PRO)
	must(mt.rcptto(p, PAT), "rcpt")
	expect(p, SMFIR_CONTINUE, qid .. ": professional -> patient RCPT")
	must(mt.header(p, "From", PRO), "hdr")
	must(mt.header(p, "Subject", subject), "hdr")
	must(mt.header(p, "Disposition-Notification-To", PRO), "hdr")
	must(mt.bodystring(p, "Bonjour\r\n"), "body")
	must(mt.eom(p), "eom")
	expect(p, SMFIR_CONTINUE, qid .. ": professional's '" .. subject .. "' accepted")
	mt.disconnect(p)
end

-- pat_msg - envelope sender the patient, to rcpt: RCPT must be accepted,
-- end of message must give want
local function pat_msg(qid, rcpt, ctype, body, want, desc)
	local a = patient()
	mail(a, qid, PAT)
	must(mt.rcptto(a, rcpt), "rcpt")
	expect(a, SMFIR_CONTINUE, qid .. ": RCPT accepted (decided at end of message)")
	must(mt.header(a, "From", PAT), "hdr")
	must(mt.header(a, "Subject", "Lu : Resultats"), "hdr")
	if ctype then
		must(mt.header(a, "Content-Type", ctype), "hdr")
	end
	must(mt.bodystring(a, body), "body")
	must(mt.eom(a), "eom")
	expect(a, want, qid .. ": " .. desc)
	mt.disconnect(a)
end

-- null_pat - MAIL FROM:<>, From the patient, to rcpt; end of message gives want
local function null_pat(qid, rcpt, ctype, body, want, desc)
	local n = patient()
	local h = { "From", PAT, "Subject", "Lu : Resultats" }
	if ctype then
		table.insert(h, "Content-Type")
		table.insert(h, ctype)
	end
	null_msg(n, qid, rcpt, h, body)
	expect(n, want, qid .. ": " .. desc)
	mt.disconnect(n)
end

if part == "open" then run("the professional opens, asking for a receipt", function()
	pro_msg("RR01", "Resultats")
end) end

if part == "mdn-open" then run("receipts to an open conversation", function()
	-- A second later: a refresh would change the last activity.
	mt.sleep(1)
	pat_msg("RR02", PRO, MDN_CT, MDN_BODY, SMFIR_CONTINUE,
		"patient's MDN, conversation open: accepted")
	null_pat("RR03", PRO, MDN_CT, MDN_BODY, SMFIR_CONTINUE,
		"null sender MDN From the patient, conversation open: accepted")
end) end

if part == "fin" then run("the professional closes", function()
	pro_msg("RR04", "[FIN]")
end) end

if part == "closed" then run("receipts and replies after the [FIN]", function()
	pat_msg("RR10", PRO, MDN_CT, MDN_BODY, SMFIR_CONTINUE,
		"patient's MDN after [FIN]: accepted")
	null_pat("RR11", PRO, MDN_CT, MDN_BODY, SMFIR_CONTINUE,
		"null sender MDN From the patient after [FIN]: accepted")
	pat_msg("RR12", PRO, DSN_CT, DSN_BODY, SMFIR_CONTINUE,
		"DSN from the patient domain after [FIN]: accepted")
	pat_msg("RR13", PRO, nil, "encore une question\r\n", SMFIR_REPLYCODE,
		"patient's ordinary reply after [FIN]: refused at end of message")
	pat_msg("RR14", PRO, MDN_CT, FAKE_BODY, SMFIR_REPLYCODE,
		"fake report (no machine-readable part) after [FIN]: refused")
	null_pat("RR15", PRO, MDN_CT, FAKE_BODY, SMFIR_REPLYCODE,
		"null sender fake report From the patient after [FIN]: refused")
	-- A mailbox that never wrote to the patient asked for no receipt.
	local a = patient()
	mail(a, "RR16", PAT)
	must(mt.rcptto(a, NEVER), "rcpt")
	expect(a, SMFIR_REPLYCODE, "RR16: patient's MDN to a mailbox that never wrote: refused at RCPT")
	mt.disconnect(a)
	null_pat("RR17", NEVER, MDN_CT, MDN_BODY, SMFIR_REPLYCODE,
		"null sender MDN From the patient to a mailbox that never wrote: refused")
end) end

done()
