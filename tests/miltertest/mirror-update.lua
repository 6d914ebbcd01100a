-- mirror-update.lua - the milter before and after mssante-mirror update
-- filled an empty directory. Run by tests/integration/mirror-update.sh
-- with -D part=before (no mirror yet: the recipient is tempfailed) or
-- -D part=after (the mirror is loaded: the message is accepted).

dofile(lib)

run("mirror " .. part, function()
	local conn = inbound()
	mail(conn, "QIDU01", "<jean.exemple@medecin.mssante.fr>")
	expect(conn, SMFIR_CONTINUE, "MAIL from a listed operator passes")
	must(mt.rcptto(conn, "<cardiologie@ch-exemple.mssante.fr>"), "rcpt")
	if part == "before" then
		expect(conn, SMFIR_REPLYCODE, "no mirror: RCPT tempfailed")
	else
		expect(conn, SMFIR_CONTINUE, "mirror loaded: RCPT accepted")
		must(mt.header(conn, "From", "jean.exemple@medecin.mssante.fr"), "hdr")
		must(mt.eom(conn), "eom")
		expect(conn, SMFIR_CONTINUE, "mirror loaded: message accepted")
	end
	mt.disconnect(conn)
end)
done()
