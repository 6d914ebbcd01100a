-- mbpol.lua - the per-mailbox class rules (PolicyFile) and the null
-- sender. Run by tests/integration/miltertest-mbpol.sh, whose policy makes
-- jean.exemple@medecin.mssante.fr a professionals-only mailbox,
-- marie@ch-exemple.mssante.fr a patients-only one, and lets an APP mailbox
-- write to patients only: a patient is refused (mbpol.sender_class) as the
-- envelope sender and, with MAIL FROM:<>, as the From of a plain message; a
-- professional's From passes; real delivery and disposition reports pass,
-- to either mailbox; the APP mailbox as the From of MAIL FROM:<> is held to
-- its recipients (mbpol.rcpt_class) as it is as the envelope sender.

dofile(lib)

local PRO = "<jean.exemple@medecin.mssante.fr>"
local PATIENTS_ONLY = "<marie@ch-exemple.mssante.fr>"
local PAT = "285037728417346@patient.mssante.fr"
local APP = "lettres-sortie_noreply@ch-exemple.mssante.fr"

-- patient - a session from the patients' operator, with its certificate
local function patient()
	return session({ host = "smtp.patient-operateur.example", ip = "192.0.2.20",
			 tls = "TLSv1.3", cn = "smtp.patient-operateur.example" })
end

run("a patient to a professionals-only mailbox", function()
	local c = patient()
	mail(c, "NMB01", "<" .. PAT .. ">")
	must(mt.rcptto(c, PRO), "rcpt")
	expect(c, SMFIR_REPLYCODE, "patient as envelope sender: refused at RCPT TO")
	mt.disconnect(c)
	c = patient()
	null_msg(c, "NMB02", PRO, { "From", "Patient <" .. PAT .. ">", "Subject", "bonjour" },
		 "Bonjour\r\n")
	expect(c, SMFIR_REPLYCODE, "MAIL FROM:<> and the patient in From: refused at end of message")
	check(mt.eom_check(c, MT_SMTPREPLY, "550", "5.7.1", "Message de <" .. PAT ..
	      "> refuse par la politique de la boite destinataire: expediteurs " ..
	      "autorises: professionnels. Ecrivez a une autre adresse de " ..
	      "l'etablissement ou contactez son administrateur de messagerie. " ..
	      "[regle mbpol.sender_class]"), "the reply names the author and the rule")
	mt.disconnect(c)
end)

run("the null sender's reports and professionals pass", function()
	local c = patient()
	null_msg(c, "NMB03", PRO, { "From", "Patient <" .. PAT .. ">", "Content-Type",
		 "multipart/report; report-type=disposition-notification; boundary=m" },
		 MDN_BODY)
	expect(c, SMFIR_CONTINUE, "a patient's real MDN (read receipt): accepted")
	mt.disconnect(c)
	c = inbound()
	null_msg(c, "NMB04", PRO, { "From", "Dr Autre <dr.autre@medecin.mssante.fr>",
		 "Subject", "avis" }, "Bonjour\r\n")
	expect(c, SMFIR_CONTINUE, "MAIL FROM:<> and a professional in From: accepted")
	null_msg(c, "NMB05", PRO, { "From",
		 "MAILER-DAEMON@mx1.operateur-a.example (Mail Delivery System)",
		 "Content-Type", "multipart/report; report-type=delivery-status; boundary=b1" },
		 DSN_BODY)
	expect(c, SMFIR_CONTINUE, "a real DSN: accepted")
	mt.disconnect(c)
end)

run("a patients-only mailbox and the null sender", function()
	local c = inbound()
	null_msg(c, "NMB06", PATIENTS_ONLY, { "From",
		 "MAILER-DAEMON@mx1.operateur-a.example (Mail Delivery System)",
		 "Content-Type", "multipart/report; report-type=delivery-status; boundary=b1" },
		 DSN_BODY)
	expect(c, SMFIR_CONTINUE, "a real DSN to a patients-only mailbox: accepted")
	null_msg(c, "NMB07", PATIENTS_ONLY, { "From", "Dr Autre <dr.autre@medecin.mssante.fr>",
		 "Subject", "avis" }, "Bonjour\r\n")
	expect(c, SMFIR_REPLYCODE, "MAIL FROM:<> and a professional in From: refused")
	mt.disconnect(c)
end)

run("outbound: the APP mailbox writes to patients only", function()
	local c = session({ host = "relay.internal", ip = "192.0.2.99" })
	mail(c, "NMB08", "<" .. APP .. ">")
	must(mt.rcptto(c, PRO), "rcpt")
	expect(c, SMFIR_REPLYCODE, "the APP mailbox as envelope sender to a professional: refused")
	null_msg(c, "NMB09", PRO, { "From", APP, "Subject", "sortie" }, "Bonjour\r\n")
	expect(c, SMFIR_REPLYCODE, "MAIL FROM:<> and the APP mailbox in From to a professional: refused")
	null_msg(c, "NMB10", "<" .. PAT .. ">", { "From", APP, "Subject", "sortie" },
		 "Bonjour\r\n")
	expect(c, SMFIR_CONTINUE, "MAIL FROM:<> and the APP mailbox in From to a patient: accepted")
	mt.disconnect(c)
end)

done()
