-- audit.lua - one transaction through the daemon, for its audit trail.
-- Run by tests/integration/audit-seal.sh with -D qid=QUEUEID: the
-- directory is down (no trust snapshot), so the recipient is tempfailed;
-- what matters is that the transaction reaches the trail.

dofile(lib)

run("transaction " .. qid, function()
	local conn = inbound()
	mail(conn, qid, "<jean@medecin.mssante.fr>")
	expect(conn, SMFIR_CONTINUE, "MAIL passes")
	must(mt.rcptto(conn, "<marie@ch-exemple.mssante.fr>"), "rcpt")
	expect(conn, SMFIR_REPLYCODE, "RCPT answered (451 4.4.3: no directory)")
	mt.disconnect(conn)
end)
done()
