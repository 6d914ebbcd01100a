-- insmask.lua - patient addresses in every spelling, INS in other values,
-- a sender forging fields of the summary line, forged X-MSSante-* headers.
-- Run by tests/integration/miltertest-insmask.sh (which reads the audit
-- trail and the log afterwards) against a daemon in Mode monitor, so that
-- every spelling goes through to the end of the message, with -D part=NAME:
-- "spellings" (PatientDomain patient.mssante.fr) or "reloaded" (after a
-- reload to PatientDomain patient.test.example).

dofile(lib)

-- message - one transaction from a session outside the trust space
local function message(qid, from, rcpts, headers)
	local conn = session({ host = "client.example", ip = "192.0.2.60" })
	mail(conn, qid, from)
	expect(conn, SMFIR_CONTINUE, qid .. ": MAIL FROM " .. from .. " goes on (monitor)")
	for _, r in ipairs(rcpts) do
		must(mt.rcptto(conn, r), "rcpt " .. r)
		expect(conn, SMFIR_CONTINUE, qid .. ": RCPT TO " .. r .. " goes on")
	end
	for _, h in ipairs(headers or {}) do
		must(mt.header(conn, h[1], h[2]), "header " .. h[1])
	end
	must(mt.bodystring(conn, "Bonjour\r\n"), "body")
	must(mt.eom(conn), "eom")
	expect(conn, SMFIR_CONTINUE, qid .. ": end of message goes on")
	return conn
end

if part == "spellings" then
	run("patient addresses in every spelling", function()
		local conn = message("QIDS01", "<253072A07300443@patient.mssante.fr.>", {
			"<288091234567823@patient.mssante.fr >",
			"288091234567824@Patient.MSSante.FR",
			"<\"288091234567825\"@patient.mssante.fr>",
			"<@relay.example,@mx.example:288091234567826@patient.mssante.fr>",
			"<253072b0730044@PATIENT.MSSANTE.FR..>",
			"<2530720730045@patient.mssante.fr>",
			"<jean.exemple@medecin.mssante.fr>",
		}, {
			{ "From", "253072A07300443@patient.mssante.fr" },
			{ "Message-ID", "<288091234567827.x@mail.example>" },
			{ "Subject", "Resultats INS 288091234567828" },
		})
		mt.disconnect(conn)
	end)
	run("sender forging fields of the summary line", function()
		local conn = message("QIDS02",
			"<\"x> action=reject mode=enforce rcpts=9 \\\" <\"@medecin.mssante.fr>",
			{ "<jean.exemple@medecin.mssante.fr>" })
		mt.disconnect(conn)
		conn = message("QIDS03",
			"<\"a\r\nQIDFAKE: from=<b@c> action=reject\"@medecin.mssante.fr>",
			{ "<jean.exemple@medecin.mssante.fr>" })
		mt.disconnect(conn)
	end)
	run("forged X-MSSante-* headers are deleted", function()
		local conn = message("QIDS04", "<jean.exemple@medecin.mssante.fr>",
			{ "<marie@ch-exemple.mssante.fr>" }, {
			{ "From", "jean.exemple@medecin.mssante.fr" },
			{ "X-MSSante-Conversation", "closed; forged=yes" },
			{ "x-mssante-conversation", "second" },
			{ "X-MSSante-Category", "code=FORGED" },
			{ "X-MSSante-Document-Rule", "rule=forged" },
			{ "X-MSSante-Policy", "result=accept; forged=yes" },
			{ "X-MSSante-Future", "anything" },
		})
		for _, h in ipairs({ "X-MSSante-Conversation", "X-MSSante-Category",
				    "X-MSSante-Document-Rule", "X-MSSante-Policy",
				    "X-MSSante-Future" }) do
			check(mt.eom_check(conn, MT_HDRDELETE, h), "forged " .. h .. " deleted")
		end
		check(mt.eom_check(conn, MT_HDRINSERT, "X-MSSante-Policy"),
		      "the milter's own X-MSSante-Policy inserted")
		mt.disconnect(conn)
	end)
	run("INS-shaped tokens glued to letters, after a lone OU=, in a header we add", function()
		-- e and f are hex letters: once taken for the edge of a hash.
		local conn = session({ host = "client.example", ip = "192.0.2.60",
				      helo = "OU=288091234567829" })
		mail(conn, "QIDS05", "<jean.exemple@medecin.mssante.fr>")
		expect(conn, SMFIR_CONTINUE, "QIDS05: MAIL FROM goes on (monitor)")
		must(mt.rcptto(conn, "<marie@ch-exemple.mssante.fr>"), "rcpt")
		expect(conn, SMFIR_CONTINUE, "QIDS05: RCPT TO goes on")
		must(mt.header(conn, "Message-ID", "<dossier-f288091234567830@mail.example>"), "hdr")
		must(mt.header(conn, "X-MSS-CODECDA", "e253072A07300444"), "hdr")
		must(mt.bodystring(conn, "Bonjour\r\n"), "body")
		must(mt.eom(conn), "eom")
		expect(conn, SMFIR_CONTINUE, "QIDS05: end of message goes on")
		check(mt.eom_check(conn, MT_HDRINSERT, "X-MSSante-Category",
		      "code=e253...; source=header"),
		      "the X-MSSante-Category we add cuts the INS glued to a hex letter")
		check(not mt.eom_check(conn, MT_HDRINSERT, "X-MSSante-Category",
		      "code=e253072A07300444; source=header"),
		      "the X-MSSante-Category we add has no INS in clear")
		mt.disconnect(conn)
	end)
elseif part == "reloaded" then
	run("after a reload, the new PatientDomain is masked", function()
		local conn = message("QIDR01", "<2850377284@patient.test.example.>", {
			"<\"dupont 12345\"@Patient.Test.Example>",
		})
		mt.disconnect(conn)
	end)
end

done()
