-- lib.lua - helpers shared by the miltertest scripts (loaded with dofile).
--
-- The scripts are run by tests/integration/miltertest-*.sh as
--	miltertest -s SCRIPT -D sock=SOCKET -D lib=PATH/lib.lua [-D var=value]
-- A Lua error() makes miltertest exit 1 printing nothing, so every test
-- runs under pcall() and its error is printed; each assertion prints
-- "ok N - ..." or "not ok N - ...", and the last line is the tally.

T = { n = 0, pass = 0, fail = 0 }
unpack = table.unpack or unpack

ISSUER = "TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS"

-- check - one assertion
function check(cond, desc)
	T.n = T.n + 1
	if cond then
		T.pass = T.pass + 1
		mt.echo("ok " .. T.n .. " - " .. desc)
	else
		T.fail = T.fail + 1
		mt.echo("not ok " .. T.n .. " - " .. desc)
	end
end

-- reply_name - readable name of a milter reply code
function reply_name(r)
	local names = {
		[SMFIR_CONTINUE] = "continue", [SMFIR_ACCEPT] = "accept",
		[SMFIR_REJECT] = "reject", [SMFIR_TEMPFAIL] = "tempfail",
		[SMFIR_REPLYCODE] = "replycode", [SMFIR_DISCARD] = "discard",
		[SMFIR_SKIP] = "skip",
	}
	return names[r] or tostring(r)
end

-- expect - the last reply on conn must be want
function expect(conn, want, desc)
	local got = mt.getreply(conn)
	check(got == want, desc .. " (reply " .. reply_name(got) .. ", want " ..
	      reply_name(want) .. ")")
end

-- must - a miltertest call must succeed (it returns nil on success)
function must(err, what)
	if err ~= nil then
		error(what .. ": " .. tostring(err))
	end
end

-- session - connect, negotiate, announce the client and its TLS state.
-- o.host, o.ip: the SMTP client; o.daemon: {daemon_name};
-- o.tls: {tls_version} (nil: no TLS); o.cn, o.issuer: the verified
-- certificate's {cert_subject} and {cert_issuer}; o.verify: Sendmail's {verify}.
function session(o)
	local conn = mt.connect(sock, 50, 0.1)
	if conn == nil then
		error("cannot connect to " .. sock)
	end
	must(mt.negotiate(conn, nil, nil, nil), "negotiate")
	local cmacros = { "j", "mx-mta.example" }
	if o.daemon then
		table.insert(cmacros, "{daemon_name}")
		table.insert(cmacros, o.daemon)
	end
	must(mt.macro(conn, SMFIC_CONNECT, unpack(cmacros)), "macro connect")
	must(mt.conninfo(conn, o.host or "client.example", o.ip or "192.0.2.10"),
	     "conninfo")
	if o.tls then
		local h = { "{tls_version}", o.tls, "{cipher}", "TLS_AES_256_GCM_SHA384" }
		if o.cn then
			table.insert(h, "{cert_subject}")
			table.insert(h, o.cn)
			table.insert(h, "{cert_issuer}")
			table.insert(h, o.issuer or ISSUER)
		end
		if o.verify then
			table.insert(h, "{verify}")
			table.insert(h, o.verify)
		end
		must(mt.macro(conn, SMFIC_HELO, unpack(h)), "macro helo")
	end
	must(mt.helo(conn, o.helo or "mx.client.example"), "helo")
	return conn
end

-- inbound - a session from a whitelisted operator's server with its certificate
function inbound(cn)
	return session({ host = "mx1.operateur-a.example", ip = "192.0.2.10",
			 tls = "TLSv1.3", cn = cn or "mx1.operateur-a.example" })
end

-- mail - MAIL FROM with a queue id; o.auth: {auth_authen}; o.args: ESMTP
function mail(conn, qid, from, o)
	o = o or {}
	local m = { "i", qid }
	if o.auth then
		table.insert(m, "{auth_authen}")
		table.insert(m, o.auth)
	end
	must(mt.macro(conn, SMFIC_MAIL, unpack(m)), "macro mail")
	must(mt.mailfrom(conn, from, unpack(o.args or {})), "mailfrom")
end

-- DSN_BODY, MDN_BODY - the bodies of a real delivery report (boundary b1)
-- and disposition report (boundary m)
DSN_BODY = "--b1\r\nContent-Type: text/plain\r\n\r\nEchec.\r\n--b1\r\n" ..
	"Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx1\r\n\r\n" ..
	"Final-Recipient: rfc822; x@medecin.mssante.fr\r\nAction: failed\r\n" ..
	"Status: 5.1.1\r\n\r\n--b1--\r\n"
MDN_BODY = "--m\r\nContent-Type: text/plain\r\n\r\nLu.\r\n--m\r\n" ..
	"Content-Type: message/disposition-notification\r\n\r\n" ..
	"Final-Recipient: rfc822; x@medecin.mssante.fr\r\n" ..
	"Disposition: manual-action/MDN-sent-manually; displayed\r\n--m--\r\n"

-- null_msg - MAIL FROM:<> to rcpt, headers (name, value pairs) and body,
-- up to end of message (whose reply the caller checks)
function null_msg(conn, qid, rcpt, hdrs, body)
	mail(conn, qid, "<>")
	expect(conn, SMFIR_CONTINUE, qid .. ": null sender accepted at MAIL FROM")
	must(mt.rcptto(conn, rcpt), "rcpt")
	expect(conn, SMFIR_CONTINUE, qid .. ": RCPT accepted (decided at end of message)")
	for i = 1, #hdrs, 2 do
		must(mt.header(conn, hdrs[i], hdrs[i + 1]), "hdr")
	end
	must(mt.bodystring(conn, body), "body")
	must(mt.eom(conn), "eom")
end

-- run - one named test under pcall
function run(name, fn)
	local ok, err = pcall(fn)
	if not ok then
		T.n = T.n + 1
		T.fail = T.fail + 1
		mt.echo("not ok " .. T.n .. " - " .. name .. ": " .. tostring(err))
	end
end

-- done - print the tally; a failure ends with a non-zero status
function done()
	mt.echo("# " .. T.pass .. " passed, " .. T.fail .. " failed")
	if T.fail > 0 or T.pass == 0 then
		error("failures")
	end
end
