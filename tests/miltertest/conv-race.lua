-- conv-race.lua - conversations under interleaved connections, and the
-- null sender, through libmilter (run by tests/integration/conv-race.sh,
-- Conversations yes, PeerCertificate off, InternalHosts 127.0.0.0/8).
--
-- Two connections at once: a patient's reply reads "open" at RCPT TO, a
-- professional's [FIN] is accepted on another connection before the reply
-- ends; the reply must then be refused (conv.closed) and must not reopen
-- the conversation. Then the null sender: a plain message whose From is
-- the patient is held to the conversation rule (refused while closed,
-- accepted while open); a real MDN from the patient's MTA is accepted.
-- -D part=race runs the first, -D part=null the second, so that the
-- script in between can look at the directory.

dofile(lib)

local PRO = "<jean.exemple@medecin.mssante.fr>"
local PAT = "<285037728417346@patient.mssante.fr>"

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
local function pro_msg(conn, qid, subject)
	mail(conn, qid, PRO)
	must(mt.rcptto(conn, PAT), "rcpt")
	expect(conn, SMFIR_CONTINUE, qid .. ": professional -> patient RCPT")
	must(mt.header(conn, "From", PRO), "hdr")
	must(mt.header(conn, "Subject", subject), "hdr")
	must(mt.bodystring(conn, "Bonjour\r\n"), "body")
	must(mt.eom(conn), "eom")
	expect(conn, SMFIR_CONTINUE, qid .. ": professional's '" .. subject .. "' accepted")
end

-- null_pat - MAIL FROM:<> to the professional, From the patient
local function null_pat(conn, qid, hdrs, body)
	table.insert(hdrs, 1, PAT)
	table.insert(hdrs, 1, "From")
	null_msg(conn, qid, PRO, hdrs, body)
end

local MDN_BODY = "--m\r\nContent-Type: text/plain\r\n\r\nLu.\r\n--m\r\n" ..
	"Content-Type: message/disposition-notification\r\n\r\n" ..
	"Final-Recipient: rfc822; 285037728417346@patient.mssante.fr\r\n" ..
	"Disposition: manual-action/MDN-sent-manually; displayed\r\n--m--\r\n"

if part == "race" then run("reply read open at RCPT, [FIN] committed before its end", function()
	local p = pro()
	pro_msg(p, "RACE01", "Resultats")
	-- A second later, so that the reply has a new activity time to write.
	mt.sleep(1)
	local a = patient()
	mail(a, "RACE02", PAT)
	must(mt.rcptto(a, PRO), "rcpt")
	expect(a, SMFIR_CONTINUE, "patient's reply: RCPT accepted (conversation open)")
	must(mt.header(a, "From", PAT), "hdr")
	must(mt.header(a, "Subject", "merci docteur"), "hdr")
	-- Meanwhile, on another connection, the professional closes.
	pro_msg(p, "RACE03", "[FIN]")
	must(mt.bodystring(a, "Merci\r\n"), "body")
	must(mt.eom(a), "eom")
	expect(a, SMFIR_REPLYCODE, "patient's reply ending after the [FIN]: refused")
	mt.disconnect(a)
	mt.disconnect(p)
end) end

if part == "null" then run("null sender from the patient", function()
	local n = patient()
	null_pat(n, "NULL01", { "Subject", "encore moi" }, "Bonjour\r\n")
	expect(n, SMFIR_REPLYCODE, "null sender, From the patient, conversation closed: refused")
	null_pat(n, "NULL02", { "Content-Type",
		 "multipart/report; report-type=disposition-notification; boundary=m" }, MDN_BODY)
	expect(n, SMFIR_CONTINUE, "null sender, real MDN from the patient's MTA: accepted")
	local p = pro()
	pro_msg(p, "NULL03", "Nouveau resultat")
	mt.disconnect(p)
	null_pat(n, "NULL04", { "Subject", "merci" }, "Merci\r\n")
	expect(n, SMFIR_CONTINUE, "null sender, From the patient, conversation open: accepted")
	mt.disconnect(n)
end) end

done()
