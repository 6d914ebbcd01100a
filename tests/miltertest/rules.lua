-- rules.lua - every rule of mssante-milter in enforce mode, through libmilter.
--
-- Run by tests/integration/miltertest-rules.sh against a daemon whose
-- configuration is: Mode enforce, Hostname mx-test.example,
-- PatientMaxSize 1k, InternalHosts 127.0.0.0/8 ::1/128, InternalDaemons
-- submission, TrustedIssuers "TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS",
-- and a mirror holding medecin.mssante.fr (operator CN
-- mx1.operateur-a.example), ch-exemple.mssante.fr (smtp.ch-exemple.example),
-- patient.mssante.fr and nodn.mssante.fr (no operator certificate).
--
-- Replies set with smfi_setreply() come back as SMFIR_REPLYCODE; their
-- text can only be read at end of message (MT_SMTPREPLY), so the exact
-- texts of RCPT-time replies are checked by tests/unit/check_decide.

dofile(lib)

local HOST = "mx-test.example"

-- policy - the X-MSSante-Policy value expected for these checks
local function policy(mode, dir, checks, result)
	return "host=" .. HOST .. "; mode=" .. mode .. "; dir=" .. dir ..
	    checks .. "; result=" .. result
end

run("inbound message from a whitelisted operator", function()
	local conn = inbound()
	mail(conn, "QID001", "<jean.exemple@medecin.mssante.fr>")
	expect(conn, SMFIR_CONTINUE, "MAIL from a trust-space sender")
	must(mt.rcptto(conn, "<marie@ch-exemple.mssante.fr>"), "rcpt")
	expect(conn, SMFIR_CONTINUE, "RCPT to a trust-space recipient")
	must(mt.header(conn, "From", "Jean Exemple <jean.exemple@medecin.mssante.fr>"), "hdr")
	must(mt.header(conn, "Reply-To", "\"Secretariat\" <secretariat@medecin.mssante.fr>"), "hdr")
	must(mt.header(conn, "X-MSSante-Policy", "result=accept; forged=yes"), "hdr")
	must(mt.header(conn, "Subject", "Compte rendu"), "hdr")
	must(mt.bodystring(conn, "Bonjour\r\n"), "body")
	must(mt.eom(conn), "eom")
	expect(conn, SMFIR_CONTINUE, "end of message accepted")
	check(mt.eom_check(conn, MT_HDRDELETE, "X-MSSante-Policy"),
	      "forged X-MSSante-Policy deleted")
	check(mt.eom_check(conn, MT_HDRINSERT, "X-MSSante-Policy",
	      policy("enforce", "inbound", "; trust.sender_domain=pass; " ..
	      "trust.peer_cert=pass; trust.rcpt_domain=pass; trust.header_from=pass; " ..
	      "trust.header_reply_to=pass", "accept"), 0),
	      "X-MSSante-Policy inserted first with every check")
	mt.disconnect(conn)
end)

run("sender domain outside the trust space", function()
	local conn = inbound()
	mail(conn, "QID002", "<someone@gmail.com>")
	expect(conn, SMFIR_REPLYCODE, "MAIL from gmail.com refused")
	mt.disconnect(conn)
end)

run("sender subdomain and parent of a listed domain", function()
	local conn = inbound()
	mail(conn, "QID003", "<a@sub.medecin.mssante.fr>")
	expect(conn, SMFIR_REPLYCODE, "a listed parent does not admit a subdomain")
	mail(conn, "QID004", "<a@mssante.fr>")
	expect(conn, SMFIR_REPLYCODE, "bare mssante.fr is not listed")
	mail(conn, "QID005", "<a@MEDECIN.MSSante.FR>")
	expect(conn, SMFIR_CONTINUE, "domain matched case-insensitively")
	mt.disconnect(conn)
end)

run("malformed sender", function()
	local conn = inbound()
	mail(conn, "QID006", "<@relay.example:a@medecin.mssante.fr>")
	expect(conn, SMFIR_REPLYCODE, "source-routed sender refused")
	mt.disconnect(conn)
end)

run("recipients: refused one by one", function()
	local conn = inbound()
	mail(conn, "QID010", "<jean.exemple@medecin.mssante.fr>")
	expect(conn, SMFIR_CONTINUE, "MAIL")
	must(mt.rcptto(conn, "<friend@gmail.com>"), "rcpt")
	expect(conn, SMFIR_REPLYCODE, "RCPT outside the trust space refused")
	must(mt.rcptto(conn, "<marie@ch-exemple.mssante.fr>"), "rcpt")
	expect(conn, SMFIR_CONTINUE, "next trust-space RCPT still accepted")
	must(mt.rcptto(conn, "<a%b@medecin.mssante.fr>"), "rcpt")
	expect(conn, SMFIR_REPLYCODE, "RCPT with % routing refused")
	must(mt.header(conn, "From", "jean.exemple@medecin.mssante.fr"), "hdr")
	must(mt.eom(conn), "eom")
	expect(conn, SMFIR_CONTINUE, "message delivered to the accepted recipient")
	mt.disconnect(conn)
end)

run("patient recipients: INS checked at RCPT", function()
	local conn = inbound()
	mail(conn, "QID020", "<jean.exemple@medecin.mssante.fr>")
	must(mt.rcptto(conn, "<288091234567823@patient.mssante.fr>"), "rcpt")
	expect(conn, SMFIR_REPLYCODE, "wrong INS key refused")
	must(mt.rcptto(conn, "<28503772841734@patient.mssante.fr>"), "rcpt")
	expect(conn, SMFIR_REPLYCODE, "14-character INS refused")
	must(mt.rcptto(conn, "<253072a07300443@patient.mssante.fr>"), "rcpt")
	expect(conn, SMFIR_REPLYCODE, "lower-case Corsica refused")
	must(mt.rcptto(conn, "<285037728417346@patient.mssante.fr>"), "rcpt")
	expect(conn, SMFIR_CONTINUE, "valid INS accepted")
	must(mt.rcptto(conn, "<253072B07300470@patient.mssante.fr>"), "rcpt")
	expect(conn, SMFIR_CONTINUE, "valid Corsican INS accepted")
	must(mt.header(conn, "From", "jean.exemple@medecin.mssante.fr"), "hdr")
	must(mt.bodystring(conn, "court\r\n"), "body")
	must(mt.eom(conn), "eom")
	expect(conn, SMFIR_CONTINUE, "small message to patients accepted")
	check(mt.eom_check(conn, MT_HDRINSERT, "X-MSSante-Policy",
	      policy("enforce", "inbound", "; trust.sender_domain=pass; " ..
	      "trust.peer_cert=pass; trust.rcpt_domain=pass; ins=fail; size.patient=pass; " ..
	      "trust.header_from=pass",
	      "accept"), 0), "X-MSSante-Policy reports the INS refusals")
	mt.disconnect(conn)
end)

run("patient size: SIZE= at RCPT", function()
	local conn = inbound()
	mail(conn, "QID030", "<jean.exemple@medecin.mssante.fr>", { args = { "SIZE=5000" } })
	expect(conn, SMFIR_CONTINUE, "MAIL with SIZE=5000")
	must(mt.rcptto(conn, "<285037728417346@patient.mssante.fr>"), "rcpt")
	expect(conn, SMFIR_REPLYCODE, "patient refused when SIZE exceeds PatientMaxSize")
	must(mt.rcptto(conn, "<marie@ch-exemple.mssante.fr>"), "rcpt")
	expect(conn, SMFIR_CONTINUE, "professional still accepted")
	mt.disconnect(conn)
end)

run("patient size: counted at end of message", function()
	local conn = inbound()
	mail(conn, "QID031", "<jean.exemple@medecin.mssante.fr>")
	must(mt.rcptto(conn, "<285037728417346@patient.mssante.fr>"), "rcpt")
	expect(conn, SMFIR_CONTINUE, "patient accepted at RCPT")
	must(mt.header(conn, "From", "jean.exemple@medecin.mssante.fr"), "hdr")
	must(mt.bodystring(conn, string.rep("x", 70) .. "\r\n"), "body")
	must(mt.bodystring(conn, string.rep("y", 1200) .. "\r\n"), "body")
	must(mt.eom(conn), "eom")
	expect(conn, SMFIR_REPLYCODE, "oversized message to a patient refused")
	check(mt.eom_check(conn, MT_SMTPREPLY, "552", "5.3.4",
	      "Message pour le patient <285037728417346@patient.mssante.fr> " ..
	      "refuse: taille de 1313 octets, au-dela de la limite de 1024 " ..
	      "octets (Mon espace sante refuse les messages de plus de 25 Mo). " ..
	      "Reduisez ou compressez les pieces jointes, ou envoyez-les en " ..
	      "plusieurs messages. [regle size.patient]"),
	      "exact 552 5.3.4 reply at end of message")
	mt.disconnect(conn)
end)

run("no TLS from an external peer", function()
	local conn = session({ ip = "192.0.2.20" })
	mail(conn, "QID040", "<jean.exemple@medecin.mssante.fr>")
	expect(conn, SMFIR_REPLYCODE, "clear-text inbound refused")
	mt.disconnect(conn)
end)

run("TLS without a verified client certificate", function()
	local conn = session({ ip = "192.0.2.21", tls = "TLSv1.2" })
	mail(conn, "QID041", "<jean.exemple@medecin.mssante.fr>")
	expect(conn, SMFIR_REPLYCODE, "TLS without certificate refused")
	mt.disconnect(conn)
end)

run("certificate of another operator", function()
	local conn = inbound("smtp.ch-exemple.example")
	mail(conn, "QID042", "<jean.exemple@medecin.mssante.fr>")
	expect(conn, SMFIR_REPLYCODE, "CN not listed for the sender's domain refused")
	mail(conn, "QID043", "<cardiologie@ch-exemple.mssante.fr>")
	expect(conn, SMFIR_CONTINUE, "same CN accepted for its own domain")
	mt.disconnect(conn)
end)

run("certificate from a CA outside TrustedIssuers", function()
	local conn = session({ ip = "192.0.2.22", tls = "TLSv1.3",
			       cn = "mx1.operateur-a.example", issuer = "R3" })
	mail(conn, "QID044", "<jean.exemple@medecin.mssante.fr>")
	expect(conn, SMFIR_REPLYCODE, "foreign issuer refused")
	mt.disconnect(conn)
end)

run("Sendmail: whole DNs, and {verify}", function()
	local conn = session({ ip = "192.0.2.23", tls = "TLSv1.3",
			       cn = "/C=FR/ST=Paris (75)/O=OPERATEUR A/OU=300000000000001/CN=mx1.operateur-a.example",
			       issuer = "/C=FR/OU=IGC-SANTE/O=ASIP-SANTE/CN=TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS",
			       verify = "OK" })
	mail(conn, "QID046", "<jean.exemple@medecin.mssante.fr>")
	expect(conn, SMFIR_CONTINUE, "verified certificate given as DNs accepted")
	mt.disconnect(conn)
	conn = session({ ip = "192.0.2.24", tls = "TLSv1.3", cn = "mx1.operateur-a.example",
			 verify = "FAIL" })
	mail(conn, "QID047", "<jean.exemple@medecin.mssante.fr>")
	expect(conn, SMFIR_REPLYCODE, "certificate not verified ({verify} FAIL) refused")
	mt.disconnect(conn)
	-- A sendmail whose macro list lacks {verify}: its DNs describe any
	-- certificate, verified or not, so the listed DN does not count.
	conn = session({ ip = "192.0.2.27", tls = "TLSv1.3",
			 cn = "/C=FR/ST=Paris (75)/O=OPERATEUR A/OU=300000000000001/CN=mx1.operateur-a.example",
			 issuer = "/C=FR/OU=IGC-SANTE/O=ASIP-SANTE/CN=TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS" })
	mail(conn, "QID083", "<jean.exemple@medecin.mssante.fr>")
	expect(conn, SMFIR_REPLYCODE, "sendmail's DN without {verify} not taken as verified")
	mt.disconnect(conn)
end)

run("Sendmail: xtext-encoded DNs are decoded, bad xtext is no certificate", function()
	-- As sendmail 8.17.1.9 sent them in sendmail-tls.sh (captured from the
	-- milter protocol): X509_NAME_oneline() form, "+20" for a blank,
	-- "+28"/"+29" for the parentheses.
	local conn = session({ ip = "192.0.2.25", tls = "TLSv1.3",
			       cn = "/C=FR/ST=Paris+20+2875+29/O=OPERATEUR+20A/OU=300000000000001/CN=mx1.operateur-a.example",
			       issuer = "/C=FR/O=ASIP-SANTE/OU=0002+20187512751/OU=IGC-SANTE+20TEST/CN=TEST+20AC+20IGC-SANTE+20ELEMENTAIRE+20ORGANISATIONS",
			       verify = "OK" })
	mail(conn, "QID048", "<jean.exemple@medecin.mssante.fr>")
	expect(conn, SMFIR_CONTINUE, "xtext-encoded DNs decoded and accepted")
	mt.disconnect(conn)
	conn = session({ ip = "192.0.2.26", tls = "TLSv1.3",
			 cn = "/C=FR/ST=Paris+20+2875+2/O=OPERATEUR+20A/OU=300000000000001/CN=mx1.operateur-a.example",
			 issuer = "/C=FR/O=ASIP-SANTE/CN=TEST+20AC+20IGC-SANTE+20ELEMENTAIRE+20ORGANISATIONS",
			 verify = "OK" })
	mail(conn, "QID049", "<jean.exemple@medecin.mssante.fr>")
	expect(conn, SMFIR_REPLYCODE, "a subject that is not xtext refused")
	mt.disconnect(conn)
end)

run("domain listed without operator certificate", function()
	local conn = inbound()
	mail(conn, "QID045", "<a@nodn.mssante.fr>")
	expect(conn, SMFIR_REPLYCODE, "no DN listed: peer refused")
	mt.disconnect(conn)
end)

run("outbound from an internal host", function()
	local conn = session({ host = "localhost", ip = "127.0.0.1" })
	mail(conn, "QID050", "<jean.exemple@medecin.mssante.fr>")
	expect(conn, SMFIR_CONTINUE, "no certificate needed outbound")
	must(mt.rcptto(conn, "<marie@ch-exemple.mssante.fr>"), "rcpt")
	must(mt.header(conn, "X-MSSante-Policy", "host=relay.internal; result=accept"), "hdr")
	must(mt.eom(conn), "eom")
	expect(conn, SMFIR_CONTINUE, "accepted")
	check(not mt.eom_check(conn, MT_HDRDELETE, "X-MSSante-Policy"),
	      "internal host's X-MSSante-Policy kept")
	check(mt.eom_check(conn, MT_HDRINSERT, "X-MSSante-Policy",
	      policy("enforce", "outbound", "; trust.sender_domain=pass; " ..
	      "trust.rcpt_domain=pass", "accept"), 0), "outbound policy header")
	mail(conn, "QID051", "<someone@gmail.com>")
	expect(conn, SMFIR_REPLYCODE, "outbound sender outside the trust space refused")
	mt.disconnect(conn)
end)

run("outbound by authentication and by submission service", function()
	local conn = session({ ip = "198.51.100.7" })
	mail(conn, "QID052", "<jean.exemple@medecin.mssante.fr>", { auth = "jean" })
	expect(conn, SMFIR_CONTINUE, "authenticated client is outbound")
	must(mt.rcptto(conn, "<marie@ch-exemple.mssante.fr>"), "rcpt")
	must(mt.header(conn, "X-MSSante-Policy", "forged"), "hdr")
	must(mt.header(conn, "x-mssante-policy", "forged again"), "hdr")
	must(mt.eom(conn), "eom")
	check(mt.eom_check(conn, MT_HDRDELETE, "X-MSSante-Policy"),
	      "X-MSSante-Policy from a non-internal host deleted")
	mt.disconnect(conn)
	conn = session({ ip = "198.51.100.8", daemon = "submission" })
	mail(conn, "QID053", "<jean.exemple@medecin.mssante.fr>")
	expect(conn, SMFIR_CONTINUE, "InternalDaemons service is outbound")
	mt.disconnect(conn)
end)

run("From header outside the trust space", function()
	local conn = inbound()
	mail(conn, "QID060", "<jean.exemple@medecin.mssante.fr>")
	must(mt.rcptto(conn, "<marie@ch-exemple.mssante.fr>"), "rcpt")
	must(mt.header(conn, "From", "\"Jean (MSSante)\" <boss@evil.example>"), "hdr")
	must(mt.eom(conn), "eom")
	expect(conn, SMFIR_REPLYCODE, "refused at end of message")
	check(mt.eom_check(conn, MT_SMTPREPLY, "550", "5.7.1",
	      "Message refuse: l'adresse boss@evil.example de l'en-tete From " ..
	      "n'appartient pas a l'espace de confiance MSSante (domaine " ..
	      "evil.example absent de la liste blanche ANS). L'en-tete From doit " ..
	      "etre une adresse MSSante. [regle trust.header_from]"),
	      "exact 550 5.7.1 reply for From")
	mt.disconnect(conn)
end)

run("Reply-To and Disposition-Notification-To outside", function()
	local conn = inbound()
	mail(conn, "QID061", "<jean.exemple@medecin.mssante.fr>")
	must(mt.rcptto(conn, "<marie@ch-exemple.mssante.fr>"), "rcpt")
	must(mt.header(conn, "From", "jean.exemple@medecin.mssante.fr"), "hdr")
	must(mt.header(conn, "Reply-To", "Equipe: a@medecin.mssante.fr, b@yahoo.fr;"), "hdr")
	must(mt.eom(conn), "eom")
	expect(conn, SMFIR_REPLYCODE, "Reply-To group member outside refused")
	check(mt.eom_check(conn, MT_SMTPREPLY, "550", "5.7.1",
	      "Message refuse: l'adresse de reponse b@yahoo.fr (en-tete Reply-To) " ..
	      "n'appartient pas a l'espace de confiance MSSante (domaine yahoo.fr). " ..
	      "Indiquez une adresse MSSante ou supprimez l'en-tete Reply-To. " ..
	      "[regle trust.header_reply_to]"), "exact 550 5.7.1 reply for Reply-To")
	mail(conn, "QID062", "<jean.exemple@medecin.mssante.fr>")
	must(mt.rcptto(conn, "<marie@ch-exemple.mssante.fr>"), "rcpt")
	must(mt.header(conn, "Disposition-Notification-To", "<receipts@evil.example>"), "hdr")
	must(mt.eom(conn), "eom")
	expect(conn, SMFIR_REPLYCODE, "read receipt outside refused")
	mail(conn, "QID063", "<jean.exemple@medecin.mssante.fr>")
	must(mt.rcptto(conn, "<marie@ch-exemple.mssante.fr>"), "rcpt")
	must(mt.header(conn, "From", "x <a%b@evil.example>"), "hdr")
	must(mt.eom(conn), "eom")
	check(mt.eom_check(conn, MT_SMTPREPLY, "550", "5.7.1",
	      "Message refuse: l'adresse a%%b@evil.example de l'en-tete From " ..
	      "n'appartient pas a l'espace de confiance MSSante (domaine " ..
	      "evil.example absent de la liste blanche ANS). L'en-tete From doit " ..
	      "etre une adresse MSSante. [regle trust.header_from]"),
	      "% doubled in the reply text for libmilter")
	mail(conn, "QID064", "<jean.exemple@medecin.mssante.fr>")
	must(mt.rcptto(conn, "<marie@ch-exemple.mssante.fr>"), "rcpt")
	must(mt.header(conn, "From", "Jean <jean.exemple@medecin.mssante.fr"), "hdr")
	must(mt.eom(conn), "eom")
	expect(conn, SMFIR_REPLYCODE, "unparseable From refused (fail closed)")
	mt.disconnect(conn)
end)

-- the null sender to a professional (null_msg() in lib.lua)
local function null_msg_pro(conn, qid, hdrs, body)
	null_msg(conn, qid, "<jean.exemple@medecin.mssante.fr>", hdrs, body)
end

run("null sender: forged From, fake report", function()
	local conn = inbound()
	-- A trust-space MTA forging From with "<>": the header rule applies.
	null_msg_pro(conn, "QID072", { "From", "Dr Faux <dr@gmail.com>", "Subject", "Ordonnance" },
		 "Bonjour\r\n")
	expect(conn, SMFIR_REPLYCODE, "null sender, From outside the trust space: refused")
	-- Labelled a report, but no machine-readable part: not a report.
	null_msg_pro(conn, "QID073", { "From", "dr@gmail.com", "Content-Type",
		 "multipart/report; report-type=delivery-status; boundary=b1" },
		 "--b1\r\nContent-Type: text/plain\r\n\r\nx\r\n--b1--\r\n")
	expect(conn, SMFIR_REPLYCODE, "null sender, fake report: refused")
	-- No From at all: nothing names the sender.
	null_msg_pro(conn, "QID074", { "Subject", "x" }, "x\r\n")
	expect(conn, SMFIR_REPLYCODE, "null sender, no From: refused")
	-- A trust-space From of another operator than the certificate's.
	null_msg_pro(conn, "QID075", { "From", "a@ch-exemple.mssante.fr" }, "x\r\n")
	expect(conn, SMFIR_REPLYCODE, "null sender, From of another operator: refused")
	mt.disconnect(conn)
end)

run("null sender: real DSN and MDN", function()
	local conn = inbound()
	null_msg_pro(conn, "QID076", { "From", "MAILER-DAEMON@mx1.operateur-a.example (Mail Delivery System)",
		 "Content-Type", "multipart/report; report-type=delivery-status;\n\tboundary=\"b1\"" },
		 DSN_BODY)
	expect(conn, SMFIR_CONTINUE, "real DSN accepted")
	check(mt.eom_check(conn, MT_HDRINSERT, "X-MSSante-Policy",
	      policy("enforce", "inbound", "; trust.sender_domain=skip; " ..
	      "trust.peer_cert=pass; trust.rcpt_domain=pass; trust.header_from=skip",
	      "accept"), 0), "DSN policy header")
	null_msg_pro(conn, "QID077", { "From", "Patient <285037728417346@gmail.com>",
		 "Content-Type", "Multipart/Report; Report-Type=disposition-notification; boundary=m" },
		 MDN_BODY)
	expect(conn, SMFIR_CONTINUE, "real MDN accepted")
	mt.disconnect(conn)
end)

run("bounce: null sender", function()
	local conn = inbound()
	mail(conn, "QID070", "<>")
	expect(conn, SMFIR_CONTINUE, "null sender accepted")
	must(mt.rcptto(conn, "<jean.exemple@medecin.mssante.fr>"), "rcpt")
	must(mt.header(conn, "From", "MAILER-DAEMON@mx1.operateur-a.example (Mail Delivery System)"), "hdr")
	must(mt.header(conn, "Content-Type", "multipart/report; report-type=delivery-status; boundary=b1"), "hdr")
	must(mt.bodystring(conn, DSN_BODY), "body")
	must(mt.eom(conn), "eom")
	expect(conn, SMFIR_CONTINUE, "bounce accepted")
	check(mt.eom_check(conn, MT_HDRINSERT, "X-MSSante-Policy",
	      policy("enforce", "inbound", "; trust.sender_domain=skip; " ..
	      "trust.peer_cert=pass; trust.rcpt_domain=pass; trust.header_from=skip",
	      "accept"), 0), "bounce policy header")
	mt.disconnect(conn)
	conn = session({ ip = "192.0.2.30" })
	mail(conn, "QID071", "<>")
	expect(conn, SMFIR_REPLYCODE, "bounce without TLS refused inbound")
	mt.disconnect(conn)
end)

run("transactions on one connection, with abort", function()
	local conn = inbound()
	mail(conn, "QID080", "<jean.exemple@medecin.mssante.fr>")
	must(mt.rcptto(conn, "<marie@ch-exemple.mssante.fr>"), "rcpt")
	must(mt.abort(conn), "abort")
	mail(conn, "QID081", "<jean.exemple@medecin.mssante.fr>")
	must(mt.rcptto(conn, "<friend@gmail.com>"), "rcpt")
	expect(conn, SMFIR_REPLYCODE, "after abort: rules still apply")
	mail(conn, "QID082", "<jean.exemple@medecin.mssante.fr>")
	expect(conn, SMFIR_CONTINUE, "new MAIL without abort starts a new transaction")
	mt.disconnect(conn)
end)

done()
