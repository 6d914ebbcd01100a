-- modes.lua - monitor mode, PeerCertificate monitor, directory down, and
-- reload with a message in flight. Run by tests/integration/miltertest-modes.sh
-- with -D part=NAME (and, for "reload", -D pid=PID -D swap=COMMAND: the
-- shell command that installs the new configuration).

dofile(lib)

local HOST = "mx-test.example"

if part == "monitor" then
	-- Mode monitor: nothing is refused; X-MSSante-Policy says what
	-- enforce mode would have done.
	run("monitor mode never refuses", function()
		local conn = session({ ip = "192.0.2.40" })
		mail(conn, "QIDM01", "<someone@gmail.com>")
		expect(conn, SMFIR_CONTINUE, "MAIL from outside accepted")
		must(mt.rcptto(conn, "<288091234567823@patient.mssante.fr>"), "rcpt")
		expect(conn, SMFIR_CONTINUE, "bad INS accepted")
		must(mt.rcptto(conn, "<friend@gmail.com>"), "rcpt")
		expect(conn, SMFIR_CONTINUE, "RCPT outside accepted")
		must(mt.header(conn, "From", "someone@gmail.com"), "hdr")
		must(mt.header(conn, "X-MSSante-Policy", "forged"), "hdr")
		must(mt.eom(conn), "eom")
		expect(conn, SMFIR_CONTINUE, "message accepted")
		check(not mt.eom_check(conn, MT_SMTPREPLY, "550") and
		      not mt.eom_check(conn, MT_SMTPREPLY, "451"), "no reply set")
		check(mt.eom_check(conn, MT_HDRDELETE, "X-MSSante-Policy"),
		      "forged header still removed")
		check(mt.eom_check(conn, MT_HDRINSERT, "X-MSSante-Policy",
		      "host=" .. HOST .. "; mode=monitor; dir=inbound; " ..
		      "trust.sender_domain=fail; trust.rcpt_domain=fail; ins=fail; " ..
		      "size.patient=pass; trust.header_from=fail; result=would-reject", 0),
		      "X-MSSante-Policy tags would-reject")
		mt.disconnect(conn)
	end)
elseif part == "peermonitor" then
	-- Enforce mode with PeerCertificate monitor: peer failures only logged.
	run("PeerCertificate monitor", function()
		local conn = session({ ip = "192.0.2.41" })
		mail(conn, "QIDP01", "<jean@medecin.mssante.fr>")
		expect(conn, SMFIR_CONTINUE, "clear-text peer accepted")
		must(mt.rcptto(conn, "<friend@gmail.com>"), "rcpt")
		expect(conn, SMFIR_REPLYCODE, "other rules still enforced")
		must(mt.rcptto(conn, "<marie@ch-exemple.mssante.fr>"), "rcpt")
		must(mt.header(conn, "From", "jean@medecin.mssante.fr"), "hdr")
		must(mt.eom(conn), "eom")
		expect(conn, SMFIR_CONTINUE, "message accepted")
		check(mt.eom_check(conn, MT_HDRINSERT, "X-MSSante-Policy",
		      "host=" .. HOST .. "; mode=enforce; dir=inbound; " ..
		      "trust.sender_domain=pass; trust.peer_cert=fail; " ..
		      "trust.rcpt_domain=fail; trust.header_from=pass; result=would-reject", 0),
		      "X-MSSante-Policy reports the peer failure")
		mt.disconnect(conn)
	end)
elseif part == "dirdown" then
	-- No trust snapshot (LDAP unreachable): 451 4.4.3 for each recipient.
	run("directory down", function()
		local conn = inbound()
		mail(conn, "QIDD01", "<jean@medecin.mssante.fr>")
		expect(conn, SMFIR_CONTINUE, "MAIL passes without a snapshot")
		must(mt.rcptto(conn, "<marie@ch-exemple.mssante.fr>"), "rcpt")
		expect(conn, SMFIR_REPLYCODE, "RCPT tempfailed (451 4.4.3)")
		mt.disconnect(conn)
	end)
elseif part == "dirdown-accept" then
	run("directory down, On-DirectoryError accept", function()
		local conn = inbound()
		mail(conn, "QIDD02", "<jean@medecin.mssante.fr>")
		must(mt.rcptto(conn, "<marie@ch-exemple.mssante.fr>"), "rcpt")
		expect(conn, SMFIR_CONTINUE, "RCPT accepted")
		must(mt.eom(conn), "eom")
		expect(conn, SMFIR_CONTINUE, "message accepted")
		check(mt.eom_check(conn, MT_HDRINSERT, "X-MSSante-Policy",
		      "host=" .. HOST .. "; mode=enforce; dir=inbound; result=accept", 0),
		      "X-MSSante-Policy without checks")
		mt.disconnect(conn)
	end)
elseif part == "reload" then
	-- A connection keeps the configuration it started with; a new one
	-- gets the reloaded configuration (here: enforce -> monitor).
	run("reload with a message in flight", function()
		local old = inbound()
		mail(old, "QIDR01", "<jean@medecin.mssante.fr>")
		expect(old, SMFIR_CONTINUE, "MAIL before the reload")
		os.execute(swap .. " && kill -HUP " .. pid)
		mt.sleep(0.5)
		must(mt.rcptto(old, "<friend@gmail.com>"), "rcpt")
		expect(old, SMFIR_REPLYCODE, "in-flight connection keeps enforce mode")
		must(mt.rcptto(old, "<marie@ch-exemple.mssante.fr>"), "rcpt")
		must(mt.header(old, "From", "jean@medecin.mssante.fr"), "hdr")
		must(mt.eom(old), "eom")
		expect(old, SMFIR_CONTINUE, "in-flight message delivered")
		check(mt.eom_check(old, MT_HDRINSERT, "X-MSSante-Policy"),
		      "in-flight message tagged")
		mt.disconnect(old)
		local new = inbound()
		mail(new, "QIDR02", "<someone@gmail.com>")
		expect(new, SMFIR_CONTINUE, "new connection uses monitor mode")
		mt.disconnect(new)
	end)
else
	error("unknown part " .. tostring(part))
end

done()
