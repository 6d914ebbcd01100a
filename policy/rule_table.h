#ifndef RULE_TABLE_H_INCLUDED
#define RULE_TABLE_H_INCLUDED

/*++
/* NAME
/*	rule_table 3h
/* SUMMARY
/*	the one table of rules (X-macro)
/* SYNOPSIS
/*	#include "rule_table.h"
/*
/*	#define X(name, id, rcode, xcode, temp_rcode, temp_xcode, \
/*		  dflt, patient_dflt, key, report, text_fr, text_en, doc) ...
/*	RULE_TABLE(X)
/* DESCRIPTION
/*	Every rule the milter can name, once: this is the only place where
/*	a rule id is written as a string (tests/integration/rule-literals.sh
/*	checks it). Code names a rule by its enum, RULE_<name> (verdict.h:
/*	rule_id(), rule_get()); the id is what logs, audit records, the
/*	policy file, the replies ("[regle ...]") and the manual show: never
/*	rename one. rule.c builds the RULE_INFO array from this table, and
/*	"mssante-milter --dump-rules" the rule lists of mssante-milter(8) and
/*	README.md ("make update-rules"; a test compares them).
/*
/*	One row per rule, in this order (the order of rule_table(), the
/*	manual and the README):
/* .IP name
/*	the enum name without its RULE_ prefix: TRUST_RCPT_DOMAIN.
/* .IP id
/*	the stable id: "trust.rcpt_domain".
/* .IP "rcode, xcode"
/*	the permanent reply (reject): "550", "5.7.1".
/* .IP "temp_rcode, temp_xcode"
/*	the temporary reply (tempfail): "451", "4.7.1".
/* .IP "dflt, patient_dflt"
/*	the built-in action, for any message and for a message with a
/*	patient recipient (they differ only for some doc.* rules): REJECT,
/*	TEMPFAIL, WARN (log, audit and deliver), or KEY when no single
/*	value says it (decided by its configuration key: the "key"
/*	column, whose manual entry tells how). The key, or a per-mailbox
/*	policy, may change the action.
/* .IP key
/*	the configuration key that sets or switches the rule, or 0.
/* .IP report
/*	the check of the X-MSSante-Policy header that the rule fails
/*	(RULE_REPORT_<report> gives its name; a DECIDE_CHECK named
/*	DECIDE_CHK_<report>), or NONE when no field of that header names
/*	it.
/* .IP "text_fr, text_en"
/*	the reply templates (rule_expand() in rule.c): US-ASCII, ending in
/*	RULE_TAG_FR or RULE_TAG_EN.
/* .IP doc
/*	one English sentence for the manual.
/* .PP
/*	The table is split by family so that a module can generate its own
/*	table from its rows (docrules.c from RULE_TABLE_DOC); RULE_TABLE
/*	is all of them, in order. Keep each family's rows together.
/* SEE ALSO
/*	rule(3), verdict(3)
/*--*/

#define RULE_TAG_FR	" [regle {rule}]"
#define RULE_TAG_EN	" [rule {rule}]"

 /*
  * The INS rules share one text: ins.c writes the specific explanation
  * into {detail}. rule.c still gives each rule its own array, so that
  * rule_expand() can tell which rule owns a text.
  */
#define RULE_INS_FR	"Adresse patient {addr} invalide: {detail}. Verifiez le matricule " \
		"INS (15 caracteres) sur la carte Vitale ou via le teleservice INSi; " \
		"ne corrigez jamais la cle seule." RULE_TAG_FR
#define RULE_INS_EN	"Patient address {addr} is invalid: {detail}. Check the INS number " \
		"(15 characters) on the Vitale card or with the INSi service; never " \
		"correct the key alone." RULE_TAG_EN

 /*
  * The names of the X-MSSante-Policy checks (decide_facts.c), by the
  * report column.
  */
#define RULE_REPORT_SENDER	"trust.sender_domain"
#define RULE_REPORT_PEER	"trust.peer_cert"
#define RULE_REPORT_RCPT	"trust.rcpt_domain"
#define RULE_REPORT_INS		"ins"
#define RULE_REPORT_SIZE	"size.patient"
#define RULE_REPORT_HDR_FROM	"trust.header_from"
#define RULE_REPORT_HDR_REPLY_TO "trust.header_reply_to"
#define RULE_REPORT_HDR_DNT	"trust.header_dnt"
#define RULE_REPORT_DOC		"doc"
#define RULE_REPORT_NONE	0

 /*
  * Envelope and headers (decide.c), directory, internal and audit errors.
  */
#define RULE_TABLE_CORE(X) \
X(ADDR_SENDER_SYNTAX, "addr.sender_syntax", "553", "5.1.7", "451", "4.1.7", REJECT, REJECT, 0, SENDER, \
	"Expediteur {addr} refuse: adresse invalide ({detail}). Corrigez " \
	"l'adresse d'expedition dans votre logiciel de messagerie." \
	RULE_TAG_FR, \
	"Sender {addr} rejected: invalid address ({detail}). Correct the " \
	"sender address in your mail software." \
	RULE_TAG_EN, \
    "The envelope sender address is malformed or ambiguous (source route, % or ! routing, several @, 8-bit bytes...).") \
X(ADDR_RCPT_SYNTAX, "addr.rcpt_syntax", "550", "5.1.3", "451", "4.1.3", REJECT, REJECT, 0, RCPT, \
	"Destinataire {addr} refuse: adresse invalide ({detail}). Verifiez " \
	"l'adresse dans l'Annuaire Sante." \
	RULE_TAG_FR, \
	"Recipient {addr} rejected: invalid address ({detail}). Check the " \
	"address in the Annuaire Sante directory." \
	RULE_TAG_EN, \
    "An envelope recipient address is malformed or ambiguous.") \
X(TRUST_SENDER_DOMAIN, "trust.sender_domain", "550", "5.7.1", "451", "4.7.1", REJECT, REJECT, 0, SENDER, \
	"Expediteur {addr} refuse: le domaine {domain} n'appartient pas a " \
	"l'espace de confiance MSSante (liste blanche ANS). Seule une " \
	"messagerie MSSante peut ecrire a ce destinataire." \
	RULE_TAG_FR, \
	"Sender {addr} rejected: domain {domain} is not in the MSSante trust " \
	"space (ANS whitelist). Only an MSSante mail service may write to " \
	"this recipient." \
	RULE_TAG_EN, \
    "The envelope sender's domain is not listed in the ANS whitelist (exact, case-insensitive match).") \
X(TRUST_RCPT_DOMAIN, "trust.rcpt_domain", "550", "5.7.1", "451", "4.7.1", REJECT, REJECT, 0, RCPT, \
	"Destinataire {addr} refuse: le domaine {domain} n'appartient pas a " \
	"l'espace de confiance MSSante (liste blanche ANS). Verifiez " \
	"l'adresse dans l'Annuaire Sante." \
	RULE_TAG_FR, \
	"Recipient {addr} rejected: domain {domain} is not in the MSSante " \
	"trust space (ANS whitelist). Check the address in the Annuaire " \
	"Sante directory." \
	RULE_TAG_EN, \
    "An envelope recipient's domain is not listed in the ANS whitelist.") \
X(TRUST_PEER_CERT, "trust.peer_cert", "550", "5.7.1", "451", "4.7.1", REJECT, REJECT, "PeerCertificate", PEER, \
	"Message de {addr} refuse: {detail}. Le serveur emetteur doit " \
	"presenter en TLS le certificat IGC-Sante declare pour le domaine " \
	"{domain} dans la liste blanche ANS; contactez votre operateur de " \
	"messagerie." \
	RULE_TAG_FR, \
	"Message from {addr} rejected: {detail}. The sending server must " \
	"present over TLS the IGC-Sante certificate declared for domain " \
	"{domain} in the ANS whitelist; contact your mail operator." \
	RULE_TAG_EN, \
    "The inbound peer's verified TLS certificate is missing or matches no operator DN listed for the sender's domain.") \
X(TRUST_HEADER_FROM, "trust.header_from", "550", "5.7.1", "451", "4.7.1", REJECT, REJECT, "HeaderChecks", HDR_FROM, \
	"Message refuse: l'adresse {addr} de l'en-tete From n'appartient pas " \
	"a l'espace de confiance MSSante (domaine {domain} absent de la " \
	"liste blanche ANS). L'en-tete From doit etre une adresse MSSante." \
	RULE_TAG_FR, \
	"Message rejected: the From header address {addr} is not in the " \
	"MSSante trust space (domain {domain} not in the ANS whitelist). " \
	"The From header must be an MSSante address." \
	RULE_TAG_EN, \
    "An address of the From header is outside the trust space.") \
X(TRUST_HEADER_REPLY_TO, "trust.header_reply_to", "550", "5.7.1", "451", "4.7.1", REJECT, REJECT, "HeaderChecks", HDR_REPLY_TO, \
	"Message refuse: l'adresse de reponse {addr} (en-tete Reply-To) " \
	"n'appartient pas a l'espace de confiance MSSante (domaine {domain}). " \
	"Indiquez une adresse MSSante ou supprimez l'en-tete Reply-To." \
	RULE_TAG_FR, \
	"Message rejected: the reply address {addr} (Reply-To header) is not " \
	"in the MSSante trust space (domain {domain}). Use an MSSante address " \
	"or remove the Reply-To header." \
	RULE_TAG_EN, \
    "An address of the Reply-To header is outside the trust space (replies, and a patient's contact, would leave it).") \
X(TRUST_HEADER_DNT, "trust.header_dnt", "550", "5.7.1", "451", "4.7.1", REJECT, REJECT, "HeaderChecks", HDR_DNT, \
	"Message refuse: l'accuse de lecture (en-tete " \
	"Disposition-Notification-To) est demande vers {addr}, hors de " \
	"l'espace de confiance MSSante (domaine {domain}). Indiquez une " \
	"adresse MSSante ou retirez la demande d'accuse de lecture." \
	RULE_TAG_FR, \
	"Message rejected: the read receipt (Disposition-Notification-To " \
	"header) is requested to {addr}, outside the MSSante trust space " \
	"(domain {domain}). Use an MSSante address or remove the read " \
	"receipt request." \
	RULE_TAG_EN, \
    "The Disposition-Notification-To header sends read receipts outside the trust space.") \
X(INS_LENGTH, "ins.length", "550", "5.1.3", "451", "4.1.3", REJECT, REJECT, 0, INS, \
	RULE_INS_FR, \
	RULE_INS_EN, \
    "The INS of a patient address does not have 15 characters.") \
X(INS_CHAR, "ins.char", "550", "5.1.3", "451", "4.1.3", REJECT, REJECT, 0, INS, \
	RULE_INS_FR, \
	RULE_INS_EN, \
    "The INS holds a character other than a digit (or 2A/2B for Corsica).") \
X(INS_CATEGORY, "ins.category", "550", "5.1.3", "451", "4.1.3", REJECT, REJECT, 0, INS, \
	RULE_INS_FR, \
	RULE_INS_EN, \
    "The first digit of the INS (sex or category) is not a valid value.") \
X(INS_MONTH, "ins.month", "550", "5.1.3", "451", "4.1.3", REJECT, REJECT, 0, INS, \
	RULE_INS_FR, \
	RULE_INS_EN, \
    "The month of birth in the INS is not a valid value.") \
X(INS_PLACE, "ins.place", "550", "5.1.3", "451", "4.1.3", REJECT, REJECT, 0, INS, \
	RULE_INS_FR, \
	RULE_INS_EN, \
    "The place of birth (department, territory or country) in the INS is not valid: " \
    "department 00 is refused; 20 is valid for people born in Corsica before 1976 " \
    "(2A/2B since), with the key computed on the digits as written.") \
X(INS_ORDER, "ins.order", "550", "5.1.3", "451", "4.1.3", REJECT, REJECT, 0, INS, \
	RULE_INS_FR, \
	RULE_INS_EN, \
    "The order number of the INS is 000.") \
X(INS_KEY, "ins.key", "550", "5.1.3", "451", "4.1.3", REJECT, REJECT, 0, INS, \
	RULE_INS_FR, \
	RULE_INS_EN, \
    "The 2-digit control key of the INS does not match (97 - N mod 97).") \
X(INS_CORSICA_CASE, "ins.corsica_case", "550", "5.1.3", "451", "4.1.3", REJECT, REJECT, 0, INS, \
	RULE_INS_FR, \
	RULE_INS_EN, \
    "Corsica is written 2a/2b in lower case instead of 2A/2B.") \
X(SIZE_PATIENT, "size.patient", "552", "5.3.4", "451", "4.3.4", REJECT, REJECT, "PatientMaxSize", SIZE, \
	"Message pour le patient {addr} refuse: taille {detail} (Mon espace " \
	"sante refuse les messages de plus de 25 Mo). Reduisez ou compressez " \
	"les pieces jointes, ou envoyez-les en plusieurs messages." \
	RULE_TAG_FR, \
	"Message to patient {addr} rejected: size {detail} (Mon espace sante " \
	"refuses messages over 25 MB). Reduce or compress the attachments, or " \
	"send them in several messages." \
	RULE_TAG_EN, \
    "A message to a patient address is larger than PatientMaxSize " \
    "(default 25,000,000 bytes, the smaller reading of the 25 MB limit of Mon espace " \
    "sante).") \
X(DIR_ERROR, "dir.error", "451", "4.4.3", "451", "4.4.3", TEMPFAIL, TEMPFAIL, "On-DirectoryError", NONE, \
	"Destinataire {addr}: verification impossible, annuaire " \
	"momentanement indisponible ({detail}). Reessayez plus tard; si le " \
	"probleme persiste, contactez l'administrateur de la messagerie " \
	"destinataire." \
	RULE_TAG_FR, \
	"Recipient {addr}: cannot be checked, the directory is temporarily " \
	"unavailable ({detail}). Try again later; if the problem persists, " \
	"contact the recipient's mail administrator." \
	RULE_TAG_EN, \
    "The directory needed for a decision could not be queried.") \
X(INTERNAL_ERROR, "internal.error", "451", "4.3.0", "451", "4.3.0", TEMPFAIL, TEMPFAIL, "On-InternalError", NONE, \
	"Message non traite: erreur interne du filtre MSSante ({detail}). " \
	"Reessayez plus tard; si le probleme persiste, contactez " \
	"l'administrateur de la messagerie destinataire." \
	RULE_TAG_FR, \
	"Message not processed: internal error of the MSSante filter " \
	"({detail}). Try again later; if the problem persists, contact the " \
	"recipient's mail administrator." \
	RULE_TAG_EN, \
    "The milter could not take a decision (configuration, resource or program error).") \
X(AUDIT_ERROR, "audit.error", "451", "4.3.0", "451", "4.3.0", TEMPFAIL, TEMPFAIL, "On-AuditError", NONE, \
	"Message de {addr} differe: le journal d'audit du filtre MSSante ne " \
	"peut pas etre ecrit. Votre serveur le representera automatiquement; " \
	"si le probleme persiste, contactez l'administrateur de cette " \
	"messagerie." \
	RULE_TAG_FR, \
	"Message from {addr} deferred: the audit trail of the MSSante filter " \
	"cannot be written. Your server will retry automatically; if the " \
	"problem persists, contact the administrator of this mail service." \
	RULE_TAG_EN, \
    "The record of a message could not be written to the audit trail (AuditLog) and On-AuditError is tempfail.")

 /*
  * Conversations (conv.c): keep these three rows together, in this order.
  */
#define RULE_TABLE_CONV(X) \
X(CONV_NOT_OPENED, "conv.not_opened", "550", "5.7.1", "451", "4.7.1", REJECT, REJECT, "ConversationCheck", NONE, \
	"Message refuse: un patient ne peut pas ecrire le premier a {addr} " \
	"({detail}). Seul un professionnel peut ouvrir une conversation Mon " \
	"espace sante; le patient pourra repondre a son prochain message." \
	RULE_TAG_FR, \
	"Message rejected: a patient cannot write first to {addr} " \
	"({detail}). Only a professional can open a Mon espace sante " \
	"conversation; the patient may answer the professional's next " \
	"message." \
	RULE_TAG_EN, \
    "A patient writes to a professional mailbox that never opened a conversation with that patient (pharmacy ORG mailboxes excepted).") \
X(CONV_CLOSED, "conv.closed", "550", "5.7.1", "451", "4.7.1", REJECT, REJECT, "ConversationCheck", NONE, \
	"Message refuse: la conversation Mon espace sante avec {addr} est " \
	"close ({detail}). Le patient ne peut plus y repondre; le " \
	"professionnel peut lui ecrire a nouveau pour la rouvrir." \
	RULE_TAG_FR, \
	"Message rejected: the Mon espace sante conversation with {addr} is " \
	"closed ({detail}). The patient can no longer answer it; the " \
	"professional may write again to reopen it." \
	RULE_TAG_EN, \
    "A patient answers a conversation that the professional closed ([FIN], X-MSS-MES: FIN, expiry or by hand).") \
X(CONV_NEAR_MISS_FIN, "conv.near_miss_fin", "550", "5.7.1", "451", "4.7.1", WARN, WARN, "NearMissFin", NONE, \
	"Message pour le patient {addr} refuse: {detail}. Ecrivez l'objet " \
	"exactement [FIN] ou ajoutez l'en-tete X-MSS-MES: FIN, puis " \
	"renvoyez le message." \
	RULE_TAG_FR, \
	"Message to patient {addr} rejected: {detail}. Write the subject " \
	"exactly [FIN] or add the header X-MSS-MES: FIN, then send the " \
	"message again." \
	RULE_TAG_EN, \
    "A message to a patient shows an intent to close the conversation ([fin], RE: [FIN]...) in a form that Mon espace sante does not honour.")

 /*
  * Per-mailbox policy (mbpol.c).
  */
#define RULE_TABLE_MBPOL(X) \
X(MBPOL_RCPT_CLASS, "mbpol.rcpt_class", "550", "5.7.1", "451", "4.7.1", REJECT, REJECT, "PolicyFile", NONE, \
	"Destinataire {addr} refuse par la politique de la boite emettrice: " \
	"{detail}. Verifiez le destinataire; pour changer cette politique, " \
	"contactez l'administrateur de la messagerie." \
	RULE_TAG_FR, \
	"Recipient {addr} rejected by the sending mailbox's policy: " \
	"{detail}. Check the recipient; to change this policy, contact the " \
	"mail administrator." \
	RULE_TAG_EN, \
    "The per-mailbox policy of the sender does not allow this recipient (patients, professionals, listed domains or addresses).") \
X(MBPOL_SENDER_CLASS, "mbpol.sender_class", "550", "5.7.1", "451", "4.7.1", REJECT, REJECT, "PolicyFile", NONE, \
	"Message de {addr} refuse par la politique de la boite " \
	"destinataire: {detail}. Ecrivez a une autre adresse de " \
	"l'etablissement ou contactez son administrateur de messagerie." \
	RULE_TAG_FR, \
	"Message from {addr} rejected by the recipient mailbox's policy: " \
	"{detail}. Write to another address of the organisation or contact " \
	"its mail administrator." \
	RULE_TAG_EN, \
    "The per-mailbox policy of the recipient does not accept mail from this sender.") \
X(MBPOL_CATEGORY_REQUIRED, "mbpol.category_required", "550", "5.6.0", "451", "4.6.0", REJECT, REJECT, "PolicyFile", NONE, \
	"Message pour le patient {addr} refuse: la politique de la boite " \
	"emettrice exige un document avec sa categorie (type de document " \
	"JDV_J07 dans une archive IHE_XDM) ({detail}). Corrigez le logiciel " \
	"emetteur." \
	RULE_TAG_FR, \
	"Message to patient {addr} rejected: the sending mailbox's policy " \
	"requires a document with its category (JDV_J07 document type in an " \
	"IHE_XDM archive) ({detail}). Fix the sending software." \
	RULE_TAG_EN, \
    "The per-mailbox policy requires every message to a patient to carry a categorised document.") \
X(MBPOL_NIL_REQUIRED, "mbpol.nil_required", "550", "5.6.0", "451", "4.6.0", REJECT, REJECT, "PolicyFile", NONE, \
	"Message de {addr} refuse: en-tete X-MSS-NIL absent, exige par la " \
	"politique de cette boite (reference du logiciel emetteur). " \
	"Corrigez le logiciel emetteur." \
	RULE_TAG_FR, \
	"Message from {addr} rejected: header X-MSS-NIL missing, required " \
	"by this mailbox's policy (reference of the sending software). Fix " \
	"the sending software." \
	RULE_TAG_EN, \
    "The per-mailbox policy requires X-MSS-NIL on every message, whatever the mailbox type.") \
X(MBPOL_MAX_SIZE, "mbpol.max_size", "552", "5.3.4", "452", "4.3.4", REJECT, REJECT, "PolicyFile", NONE, \
	"Message de {addr} refuse: taille {detail} superieure a la limite " \
	"fixee par la politique de la boite. Reduisez ou compressez les " \
	"pieces jointes, ou envoyez-les en plusieurs messages." \
	RULE_TAG_FR, \
	"Message from {addr} rejected: size {detail} exceeds the limit set " \
	"by the mailbox's policy. Reduce or compress the attachments, or " \
	"send them in several messages." \
	RULE_TAG_EN, \
    "The message is larger than the per-mailbox max_size.") \
X(MBPOL_MAX_RCPTS, "mbpol.max_rcpts", "550", "5.5.3", "452", "4.5.3", REJECT, REJECT, "PolicyFile", NONE, \
	"Destinataire {addr} refuse: trop de destinataires pour un message " \
	"de cette boite ({detail}). Envoyez le message en plusieurs " \
	"fois." \
	RULE_TAG_FR, \
	"Recipient {addr} rejected: too many recipients for a message from " \
	"this mailbox ({detail}). Send the message in several parts." \
	RULE_TAG_EN, \
    "The message has more recipients than the per-mailbox max_recipients.") \
X(MBPOL_REPLY_TO, "mbpol.reply_to", "550", "5.7.1", "451", "4.7.1", REJECT, REJECT, "PolicyFile", NONE, \
	"Message refuse: l'adresse de reponse {addr} (en-tete Reply-To) " \
	"n'est pas autorisee par la politique de la boite emettrice " \
	"({detail}). Retirez l'en-tete Reply-To ou indiquez une adresse " \
	"autorisee." \
	RULE_TAG_FR, \
	"Message rejected: the reply address {addr} (Reply-To header) is " \
	"not allowed by the sending mailbox's policy ({detail}). Remove the " \
	"Reply-To header or use an allowed address." \
	RULE_TAG_EN, \
    "The per-mailbox policy does not let a Reply-To redirect answers to this address.")

 /*
  * Documents (docrules.c, in the order of DOCRULES_RULE). {addr} is the
  * patient recipient for the patient rules, else the sender.
  */
#define RULE_TABLE_DOC(X) \
X(DOC_CODECDA, "doc.codecda", "550", "5.6.0", "451", "4.6.0", WARN, WARN, "DocumentRules", DOC, \
	"Message de {addr} refuse: en-tete X-MSS-CODECDA non conforme " \
	"({detail}). Il doit lister les codes des documents CDA de l'archive " \
	"IHE_XDM; corrigez le logiciel emetteur." \
	RULE_TAG_FR, \
	"Message from {addr} rejected: X-MSS-CODECDA header not conformant " \
	"({detail}). It must list the codes of the CDA documents of the " \
	"IHE_XDM archive; fix the sending software." \
	RULE_TAG_EN, \
    "X-MSS-CODECDA is present exactly when an IHE_XDM archive holds a CDA document, and lists the same codes.") \
X(DOC_X_MSS_INS, "doc.x_mss_ins", "550", "5.6.0", "451", "4.6.0", WARN, WARN, "DocumentRules", DOC, \
	"Message de {addr} refuse: en-tete X-MSS-INS absent ou invalide " \
	"({detail}). Avec un document CDA, indiquez X-MSS-INS: O (INS " \
	"qualifie) ou N." \
	RULE_TAG_FR, \
	"Message from {addr} rejected: X-MSS-INS header missing or invalid " \
	"({detail}). With a CDA document, give X-MSS-INS: O (qualified INS) " \
	"or N." \
	RULE_TAG_EN, \
    "X-MSS-INS (O or N) accompanies a CDA document in an IHE_XDM archive.") \
X(DOC_X_MSS_NIL, "doc.x_mss_nil", "550", "5.6.0", "451", "4.6.0", WARN, WARN, "DocumentRules", DOC, \
	"Message de {addr} refuse: X-MSS-NIL ({detail}). Le logiciel " \
	"expediteur doit indiquer sa reference dans l'en-tete X-MSS-NIL, " \
	"exige d'une boite applicative et des expediteurs que la " \
	"messagerie designe; corrigez le logiciel emetteur." \
	RULE_TAG_FR, \
	"Message from {addr} rejected: X-MSS-NIL ({detail}). The sending " \
	"software must give its reference in the X-MSS-NIL header, required " \
	"of applicative mailboxes and of the senders the mail service " \
	"designates; fix the sending software." \
	RULE_TAG_EN, \
    "A message from an applicative (APP) mailbox, or from a sender listed in NilRequired, " \
    "carries a non-empty X-MSS-NIL.") \
X(DOC_SUBJECT_XDM, "doc.subject_xdm", "550", "5.6.0", "451", "4.6.0", WARN, WARN, "DocumentRules", DOC, \
	"Message de {addr} refuse: avec une archive IHE_XDM, l'objet doit " \
	"commencer par XDM/1.0/DDM+ suivi du libelle du document " \
	"({detail})." \
	RULE_TAG_FR, \
	"Message from {addr} rejected: with an IHE_XDM archive the Subject " \
	"must start with XDM/1.0/DDM+ and the document's label " \
	"({detail})." \
	RULE_TAG_EN, \
    "With an IHE_XDM archive the Subject starts with XDM/1.0/DDM+ and a label.") \
X(DOC_PATIENT_MISMATCH, "doc.patient_mismatch", "550", "5.7.1", "451", "4.7.1", REJECT, REJECT, "DocumentRules", DOC, \
	"Message refuse: le document joint concerne un autre patient que le " \
	"destinataire {addr} ({detail}). Verifiez le patient et le " \
	"destinataire avant tout nouvel envoi." \
	RULE_TAG_FR, \
	"Message rejected: the attached document is about another patient " \
	"than the recipient {addr} ({detail}). Check the patient and the " \
	"recipient before sending again." \
	RULE_TAG_EN, \
    "The XDM patient id is the patient recipient's INS; one patient per message.") \
X(DOC_PATIENT_UNVERIFIED, "doc.patient_unverified", "550", "5.7.1", "451", "4.7.1", WARN, WARN, "DocumentRules", DOC, \
	"Message refuse: impossible de verifier que le document concerne le " \
	"patient destinataire {addr} ({detail}). Renseignez l'INS du patient " \
	"dans les metadonnees XDM." \
	RULE_TAG_FR, \
	"Message rejected: cannot check that the document is about the " \
	"patient recipient {addr} ({detail}). Give the patient's INS in the " \
	"XDM metadata." \
	RULE_TAG_EN, \
    "Documents sent to a patient carry an INS in their XDM metadata.") \
X(DOC_CATEGORY_MISSING, "doc.category_missing", "550", "5.6.0", "451", "4.6.0", WARN, REJECT, "DocumentRules", DOC, \
	"Message refuse: document sans categorie pour le patient {addr} " \
	"({detail}). Indiquez le type de document (liste JDV_J07) dans les " \
	"metadonnees XDM." \
	RULE_TAG_FR, \
	"Message rejected: a document for patient {addr} has no category " \
	"({detail}). Give the document type (JDV_J07 list) in the XDM " \
	"metadata." \
	RULE_TAG_EN, \
    "Every document sent to a patient has a JDV_J07 category.") \
X(DOC_CATEGORY_UNKNOWN, "doc.category_unknown", "550", "5.6.0", "451", "4.6.0", WARN, REJECT, "DocumentRules", DOC, \
	"Message de {addr} refuse: type de document absent de la liste " \
	"nationale JDV_J07 ({detail}). Utilisez un code de cette " \
	"liste." \
	RULE_TAG_FR, \
	"Message from {addr} rejected: document type not in the national " \
	"JDV_J07 list ({detail}). Use a code of that list." \
	RULE_TAG_EN, \
    "Every category code is in the JDV_J07 table.") \
X(DOC_XDM_UNSAFE, "doc.xdm_unsafe", "552", "5.3.4", "451", "4.3.4", REJECT, REJECT, "DocumentRules", DOC, \
	"Message de {addr} refuse: archive IHE_XDM refusee ({detail}). " \
	"Envoyez une archive conforme, de taille raisonnable." \
	RULE_TAG_FR, \
	"Message from {addr} rejected: IHE_XDM archive refused ({detail}). " \
	"Send a conformant archive of reasonable size." \
	RULE_TAG_EN, \
    "An IHE_XDM archive is a zip or XML bomb, or over a limit: it is refused, never opened further.") \
X(DOC_XDM_INVALID, "doc.xdm_invalid", "550", "5.6.0", "451", "4.6.0", WARN, WARN, "DocumentRules", DOC, \
	"Message de {addr} refuse: archive IHE_XDM illisible ({detail}). " \
	"Verifiez le logiciel emetteur." \
	RULE_TAG_FR, \
	"Message from {addr} rejected: unreadable IHE_XDM archive " \
	"({detail}). Check the sending software." \
	RULE_TAG_EN, \
    "An IHE_XDM archive cannot be read (not a zip, malformed, encrypted, no METADATA.XML, bad XML).") \
X(DOC_INS_UNQUALIFIED, "doc.ins_unqualified", "550", "5.7.1", "451", "4.7.1", WARN, REJECT, "DocumentRules", DOC, \
	"Message refuse: l'identite du patient {addr} n'est pas qualifiee " \
	"({detail}); un document ne peut pas etre envoye a un patient sans " \
	"INS qualifie. Qualifiez l'identite avec le teleservice INSi, puis " \
	"renvoyez le document avec X-MSS-INS: O et l'INS dans les " \
	"metadonnees XDM." \
	RULE_TAG_FR, \
	"Message rejected: the identity of patient {addr} is not qualified " \
	"({detail}); a document cannot be sent to a patient without a " \
	"qualified INS. Qualify the identity with the INSi service, then " \
	"send the document again with X-MSS-INS: O and the INS in the XDM " \
	"metadata." \
	RULE_TAG_EN, \
    "A message to a patient carries neither X-MSS-INS: N nor XDM metadata without an INS-type patient id.") \
X(DOC_CLASS_UNKNOWN, "doc.class_unknown", "550", "5.6.0", "451", "4.6.0", WARN, WARN, "DocumentRules", DOC, \
	"Message de {addr} refuse: classe de document absente de la liste " \
	"nationale TRE_A03 ({detail}). Utilisez un code de cette liste dans " \
	"le classCode des metadonnees XDM." \
	RULE_TAG_FR, \
	"Message from {addr} rejected: document class not in the national " \
	"TRE_A03 list ({detail}). Use a code of that list as the XDM " \
	"classCode." \
	RULE_TAG_EN, \
    "Every classCode of the XDM metadata is in the TRE_A03 table.")

 /*
  * Documents that could not be analysed (milter/docs/docs_msg.c).
  */
#define RULE_TABLE_DOCS(X) \
X(DOC_UNANALYSED, "doc.unanalysed", "552", "5.3.4", "451", "4.3.4", KEY, KEY, "DocumentRules", DOC, \
	"Message pour {addr} refuse: trop volumineux ou trop complexe pour " \
	"que ses documents soient verifies ({detail}). Envoyez les documents " \
	"en plusieurs messages plus simples." \
	RULE_TAG_FR, \
	"Message to {addr} rejected: too large or too complex for its " \
	"documents to be checked ({detail}). Send the documents in several " \
	"simpler messages." \
	RULE_TAG_EN, \
    "The message could not be analysed for documents (DocumentMaxSize, parser limits): its documents were not checked.")

#define RULE_TABLE(X) \
    RULE_TABLE_CORE(X) \
    RULE_TABLE_CONV(X) \
    RULE_TABLE_MBPOL(X) \
    RULE_TABLE_DOC(X) \
    RULE_TABLE_DOCS(X)

#endif
