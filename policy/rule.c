/*++
/* NAME
/*	rule 3
/* SUMMARY
/*	the table of rules: stable ids, reply codes and reply texts
/* SYNOPSIS
/*	#include "verdict.h"
/*
/*	const RULE_INFO *rule_find(id)
/*	const char *id;
/*
/*	const RULE_INFO *rule_table(count)
/*	size_t	*count;
/*
/*	void	rule_expand(template, vars, out)
/*	const char *template;
/*	const RULE_VARS *vars;
/*	VSTR	*out;
/*
/*	void	rule_format(rp, lang, vars, out)
/*	const RULE_INFO *rp;
/*	VERDICT_LANG lang;
/*	const RULE_VARS *vars;
/*	VSTR	*out;
/* DESCRIPTION
/*	Every decision the milter takes names one rule of this table. The
/*	id ("trust.rcpt_domain") is shared by the logs, the audit records,
/*	the policy file and the manual: never rename one. Each rule has
/*	default permanent reply codes (used when the configured action is
/*	reject), temporary ones (used when it is tempfail), a French reply
/*	text (the default, US-ASCII as RFC 5321 requires), an English one,
/*	and one sentence for the manual.
/*
/*	rule_find() returns the rule with this id, or NULL.
/*
/*	rule_table() returns the whole table and its size.
/*
/*	rule_expand() replaces the contents of "out" with "template" in
/*	which {addr}, {domain} and {detail} are replaced by the values of
/*	"vars" (a NULL "vars" or value gives "-"), and {rule} by the id of
/*	the rule that owns the template (or "-" for a template that is not
/*	in the table). Any other brace is copied as is; nothing is ever
/*	interpreted as a printf(3) format. Values may come from the sender,
/*	so each is sanitised: every byte outside printable US-ASCII
/*	(control characters, CR, LF, NUL cannot occur in a C string, 8-bit
/*	bytes) becomes "?", and a value longer than RULE_VALUE_MAX bytes is
/*	cut to RULE_VALUE_MAX bytes ending in "...". The template gets the
/*	same byte sanitising, so the result never holds CR or LF.
/*
/*	rule_format() expands the text of rule "rp" in language "lang",
/*	with {rule} its id.
/*
/*	Note for the milter layer: libmilter's smfi_setreply() treats "%"
/*	as a format character; a text that reaches it must have each "%"
/*	doubled there (values such as quoted local parts may contain one).
/* SEE ALSO
/*	verdict(3), combining decisions
/*--*/

#include <string.h>

#include "vstr.h"
#include "verdict.h"

#define RULE_VALUE_MAX	256		/* bytes per expanded value */

#define TAG_FR	" [regle {rule}]"
#define TAG_EN	" [rule {rule}]"

 /*
  * The INS rules share one text: ins.c writes the specific explanation
  * into {detail}.
  */
#define INS_FR	"Adresse patient {addr} invalide: {detail}. Verifiez le matricule " \
		"INS (15 caracteres) sur la carte Vitale ou via le teleservice INSi; " \
		"ne corrigez jamais la cle seule." TAG_FR
#define INS_EN	"Patient address {addr} is invalid: {detail}. Check the INS number " \
		"(15 characters) on the Vitale card or with the INSi service; never " \
		"correct the key alone." TAG_EN


 /*
  * One array per INS rule, not one shared literal: distinct objects have
  * distinct addresses, so rule_expand() can tell which rule owns a text.
  */
#define INS_TEXTS(name) \
    static const char name##_fr[] = INS_FR; \
    static const char name##_en[] = INS_EN;

INS_TEXTS(ins_length)
INS_TEXTS(ins_char)
INS_TEXTS(ins_category)
INS_TEXTS(ins_month)
INS_TEXTS(ins_place)
INS_TEXTS(ins_order)
INS_TEXTS(ins_key)
INS_TEXTS(ins_corsica_case)

#define INS_RULE(id, name, doc) \
    {id, "550", "5.1.3", "451", "4.1.3", name##_fr, name##_en, doc}

static const RULE_INFO rule_info[] = {
    {"addr.sender_syntax", "553", "5.1.7", "451", "4.1.7",
	"Expediteur {addr} refuse: adresse invalide ({detail}). Corrigez "
	"l'adresse d'expedition dans votre logiciel de messagerie." TAG_FR,
	"Sender {addr} rejected: invalid address ({detail}). Correct the "
	"sender address in your mail software." TAG_EN,
    "The envelope sender address is malformed or ambiguous (source route, % or ! routing, several @, 8-bit bytes...)."},
    {"addr.rcpt_syntax", "550", "5.1.3", "451", "4.1.3",
	"Destinataire {addr} refuse: adresse invalide ({detail}). Verifiez "
	"l'adresse dans l'Annuaire Sante." TAG_FR,
	"Recipient {addr} rejected: invalid address ({detail}). Check the "
	"address in the Annuaire Sante directory." TAG_EN,
    "An envelope recipient address is malformed or ambiguous."},
    {"trust.sender_domain", "550", "5.7.1", "451", "4.7.1",
	"Expediteur {addr} refuse: le domaine {domain} n'appartient pas a "
	"l'espace de confiance MSSante (liste blanche ANS). Seule une "
	"messagerie MSSante peut ecrire a ce destinataire." TAG_FR,
	"Sender {addr} rejected: domain {domain} is not in the MSSante trust "
	"space (ANS whitelist). Only an MSSante mail service may write to "
	"this recipient." TAG_EN,
    "The envelope sender's domain is not listed in the ANS whitelist (exact, case-insensitive match)."},
    {"trust.rcpt_domain", "550", "5.7.1", "451", "4.7.1",
	"Destinataire {addr} refuse: le domaine {domain} n'appartient pas a "
	"l'espace de confiance MSSante (liste blanche ANS). Verifiez "
	"l'adresse dans l'Annuaire Sante." TAG_FR,
	"Recipient {addr} rejected: domain {domain} is not in the MSSante "
	"trust space (ANS whitelist). Check the address in the Annuaire "
	"Sante directory." TAG_EN,
    "An envelope recipient's domain is not listed in the ANS whitelist."},
    {"trust.peer_cert", "550", "5.7.1", "451", "4.7.1",
	"Message de {addr} refuse: {detail}. Le serveur emetteur doit "
	"presenter en TLS le certificat IGC-Sante declare pour le domaine "
	"{domain} dans la liste blanche ANS; contactez votre operateur de "
	"messagerie." TAG_FR,
	"Message from {addr} rejected: {detail}. The sending server must "
	"present over TLS the IGC-Sante certificate declared for domain "
	"{domain} in the ANS whitelist; contact your mail operator." TAG_EN,
    "The inbound peer's verified TLS certificate is missing or matches no operator DN listed for the sender's domain."},
    {"trust.header_from", "550", "5.7.1", "451", "4.7.1",
	"Message refuse: l'adresse {addr} de l'en-tete From n'appartient pas "
	"a l'espace de confiance MSSante (domaine {domain} absent de la "
	"liste blanche ANS). L'en-tete From doit etre une adresse MSSante." TAG_FR,
	"Message rejected: the From header address {addr} is not in the "
	"MSSante trust space (domain {domain} not in the ANS whitelist). "
	"The From header must be an MSSante address." TAG_EN,
    "An address of the From header is outside the trust space."},
    {"trust.header_reply_to", "550", "5.7.1", "451", "4.7.1",
	"Message refuse: l'adresse de reponse {addr} (en-tete Reply-To) "
	"n'appartient pas a l'espace de confiance MSSante (domaine {domain}). "
	"Indiquez une adresse MSSante ou supprimez l'en-tete Reply-To." TAG_FR,
	"Message rejected: the reply address {addr} (Reply-To header) is not "
	"in the MSSante trust space (domain {domain}). Use an MSSante address "
	"or remove the Reply-To header." TAG_EN,
    "An address of the Reply-To header is outside the trust space (replies, and a patient's contact, would leave it)."},
    {"trust.header_dnt", "550", "5.7.1", "451", "4.7.1",
	"Message refuse: l'accuse de lecture (en-tete "
	"Disposition-Notification-To) est demande vers {addr}, hors de "
	"l'espace de confiance MSSante (domaine {domain}). Indiquez une "
	"adresse MSSante ou retirez la demande d'accuse de lecture." TAG_FR,
	"Message rejected: the read receipt (Disposition-Notification-To "
	"header) is requested to {addr}, outside the MSSante trust space "
	"(domain {domain}). Use an MSSante address or remove the read "
	"receipt request." TAG_EN,
    "The Disposition-Notification-To header sends read receipts outside the trust space."},
    INS_RULE("ins.length", ins_length,
	     "The INS of a patient address does not have 15 characters."),
    INS_RULE("ins.char", ins_char,
	     "The INS holds a character other than a digit (or 2A/2B for Corsica)."),
    INS_RULE("ins.category", ins_category,
	     "The first digit of the INS (sex or category) is not a valid value."),
    INS_RULE("ins.month", ins_month,
	     "The month of birth in the INS is not a valid value."),
    INS_RULE("ins.place", ins_place,
	     "The place of birth (department, territory or country) in the INS is not valid."),
    INS_RULE("ins.order", ins_order,
	     "The order number of the INS is 000."),
    INS_RULE("ins.key", ins_key,
	     "The 2-digit control key of the INS does not match (97 - N mod 97)."),
    INS_RULE("ins.corsica_case", ins_corsica_case,
	     "Corsica is written 2a/2b in lower case instead of 2A/2B."),
    {"size.patient", "552", "5.3.4", "451", "4.3.4",
	"Message pour le patient {addr} refuse: taille {detail} (Mon espace "
	"sante refuse les messages de plus de 25 Mo). Reduisez ou compressez "
	"les pieces jointes, ou envoyez-les en plusieurs messages." TAG_FR,
	"Message to patient {addr} rejected: size {detail} (Mon espace sante "
	"refuses messages over 25 MB). Reduce or compress the attachments, or "
	"send them in several messages." TAG_EN,
    "A message to a patient address is larger than PatientMaxSize "
    "(default 25 MB, the limit of Mon espace sante)."},
    {"dir.error", "451", "4.4.3", "451", "4.4.3",
	"Destinataire {addr}: verification impossible, annuaire "
	"momentanement indisponible ({detail}). Reessayez plus tard; si le "
	"probleme persiste, contactez l'administrateur de la messagerie "
	"destinataire." TAG_FR,
	"Recipient {addr}: cannot be checked, the directory is temporarily "
	"unavailable ({detail}). Try again later; if the problem persists, "
	"contact the recipient's mail administrator." TAG_EN,
    "The directory needed for a decision could not be queried."},
    {"internal.error", "451", "4.3.0", "451", "4.3.0",
	"Message non traite: erreur interne du filtre MSSante ({detail}). "
	"Reessayez plus tard; si le probleme persiste, contactez "
	"l'administrateur de la messagerie destinataire." TAG_FR,
	"Message not processed: internal error of the MSSante filter "
	"({detail}). Try again later; if the problem persists, contact the "
	"recipient's mail administrator." TAG_EN,
    "The milter could not take a decision (configuration, resource or program error)."},

    /* Audit trail (milter/daemon/mlfi_audit.c). */
    {"audit.error", "451", "4.3.0", "451", "4.3.0",
	"Message de {addr} differe: le journal d'audit du filtre MSSante ne "
	"peut pas etre ecrit. Votre serveur le representera automatiquement; "
	"si le probleme persiste, contactez l'administrateur de cette "
	"messagerie." TAG_FR,
	"Message from {addr} deferred: the audit trail of the MSSante filter "
	"cannot be written. Your server will retry automatically; if the "
	"problem persists, contact the administrator of this mail service." TAG_EN,
    "The record of a message could not be written to the audit trail (AuditLog) and On-AuditError is tempfail."},

    /* Conversations (conv.c): keep these three rows together, in this order. */
    {"conv.not_opened", "550", "5.7.1", "451", "4.7.1",
	"Message refuse: un patient ne peut pas ecrire le premier a {addr} "
	"({detail}). Seul un professionnel peut ouvrir une conversation Mon "
	"espace sante; le patient pourra repondre a son prochain message." TAG_FR,
	"Message rejected: a patient cannot write first to {addr} "
	"({detail}). Only a professional can open a Mon espace sante "
	"conversation; the patient may answer the professional's next "
	"message." TAG_EN,
    "A patient writes to a professional mailbox that never opened a conversation with that patient (pharmacy ORG mailboxes excepted)."},
    {"conv.closed", "550", "5.7.1", "451", "4.7.1",
	"Message refuse: la conversation Mon espace sante avec {addr} est "
	"close ({detail}). Le patient ne peut plus y repondre; le "
	"professionnel peut lui ecrire a nouveau pour la rouvrir." TAG_FR,
	"Message rejected: the Mon espace sante conversation with {addr} is "
	"closed ({detail}). The patient can no longer answer it; the "
	"professional may write again to reopen it." TAG_EN,
    "A patient answers a conversation that the professional closed ([FIN], X-MSS-MES: FIN, expiry or by hand)."},
    {"conv.near_miss_fin", "550", "5.7.1", "451", "4.7.1",
	"Message pour le patient {addr} refuse: {detail}. Ecrivez l'objet "
	"exactement [FIN] ou ajoutez l'en-tete X-MSS-MES: FIN, puis "
	"renvoyez le message." TAG_FR,
	"Message to patient {addr} rejected: {detail}. Write the subject "
	"exactly [FIN] or add the header X-MSS-MES: FIN, then send the "
	"message again." TAG_EN,
    "A message to a patient shows an intent to close the conversation ([fin], RE: [FIN]...) in a form that Mon espace sante does not honour."},

    /* Per-mailbox policy (mbpol.c): keep these rows together. */
    {"mbpol.rcpt_class", "550", "5.7.1", "451", "4.7.1",
	"Destinataire {addr} refuse par la politique de la boite emettrice: "
	"{detail}. Verifiez le destinataire; pour changer cette politique, "
	"contactez l'administrateur de la messagerie." TAG_FR,
	"Recipient {addr} rejected by the sending mailbox's policy: "
	"{detail}. Check the recipient; to change this policy, contact the "
	"mail administrator." TAG_EN,
    "The per-mailbox policy of the sender does not allow this recipient (patients, professionals, listed domains or addresses)."},
    {"mbpol.sender_class", "550", "5.7.1", "451", "4.7.1",
	"Message de {addr} refuse par la politique de la boite "
	"destinataire: {detail}. Ecrivez a une autre adresse de "
	"l'etablissement ou contactez son administrateur de messagerie." TAG_FR,
	"Message from {addr} rejected by the recipient mailbox's policy: "
	"{detail}. Write to another address of the organisation or contact "
	"its mail administrator." TAG_EN,
    "The per-mailbox policy of the recipient does not accept mail from this sender."},
    {"mbpol.category_required", "550", "5.6.0", "451", "4.6.0",
	"Message pour le patient {addr} refuse: la politique de la boite "
	"emettrice exige un document avec sa categorie (type de document "
	"JDV_J07 dans une archive IHE_XDM) ({detail}). Corrigez le logiciel "
	"emetteur." TAG_FR,
	"Message to patient {addr} rejected: the sending mailbox's policy "
	"requires a document with its category (JDV_J07 document type in an "
	"IHE_XDM archive) ({detail}). Fix the sending software." TAG_EN,
    "The per-mailbox policy requires every message to a patient to carry a categorised document."},
    {"mbpol.nil_required", "550", "5.6.0", "451", "4.6.0",
	"Message de {addr} refuse: en-tete X-MSS-NIL absent, exige par la "
	"politique de cette boite (reference du logiciel emetteur). "
	"Corrigez le logiciel emetteur." TAG_FR,
	"Message from {addr} rejected: header X-MSS-NIL missing, required "
	"by this mailbox's policy (reference of the sending software). Fix "
	"the sending software." TAG_EN,
    "The per-mailbox policy requires X-MSS-NIL on every message, whatever the mailbox type."},
    {"mbpol.max_size", "552", "5.3.4", "452", "4.3.4",
	"Message de {addr} refuse: taille {detail} superieure a la limite "
	"fixee par la politique de la boite. Reduisez ou compressez les "
	"pieces jointes, ou envoyez-les en plusieurs messages." TAG_FR,
	"Message from {addr} rejected: size {detail} exceeds the limit set "
	"by the mailbox's policy. Reduce or compress the attachments, or "
	"send them in several messages." TAG_EN,
    "The message is larger than the per-mailbox max_size."},
    {"mbpol.max_rcpts", "550", "5.5.3", "452", "4.5.3",
	"Destinataire {addr} refuse: trop de destinataires pour un message "
	"de cette boite ({detail}). Envoyez le message en plusieurs "
	"fois." TAG_FR,
	"Recipient {addr} rejected: too many recipients for a message from "
	"this mailbox ({detail}). Send the message in several parts." TAG_EN,
    "The message has more recipients than the per-mailbox max_recipients."},
    {"mbpol.reply_to", "550", "5.7.1", "451", "4.7.1",
	"Message refuse: l'adresse de reponse {addr} (en-tete Reply-To) "
	"n'est pas autorisee par la politique de la boite emettrice "
	"({detail}). Retirez l'en-tete Reply-To ou indiquez une adresse "
	"autorisee." TAG_FR,
	"Message rejected: the reply address {addr} (Reply-To header) is "
	"not allowed by the sending mailbox's policy ({detail}). Remove the "
	"Reply-To header or use an allowed address." TAG_EN,
    "The per-mailbox policy does not let a Reply-To redirect answers to this address."},
    /*
     * Documents (docrules.c, docs_msg.c): keep these rows together. {addr}
     * is the patient recipient for the patient rules, else the sender.
     */
    {"doc.codecda", "550", "5.6.0", "451", "4.6.0",
	"Message de {addr} refuse: en-tete X-MSS-CODECDA non conforme "
	"({detail}). Il doit lister les codes des documents CDA de l'archive "
	"IHE_XDM; corrigez le logiciel emetteur." TAG_FR,
	"Message from {addr} rejected: X-MSS-CODECDA header not conformant "
	"({detail}). It must list the codes of the CDA documents of the "
	"IHE_XDM archive; fix the sending software." TAG_EN,
    "X-MSS-CODECDA is present exactly when an IHE_XDM archive holds a CDA document, and lists the same codes."},
    {"doc.x_mss_ins", "550", "5.6.0", "451", "4.6.0",
	"Message de {addr} refuse: en-tete X-MSS-INS absent ou invalide "
	"({detail}). Avec un document CDA, indiquez X-MSS-INS: O (INS "
	"qualifie) ou N." TAG_FR,
	"Message from {addr} rejected: X-MSS-INS header missing or invalid "
	"({detail}). With a CDA document, give X-MSS-INS: O (qualified INS) "
	"or N." TAG_EN,
    "X-MSS-INS (O or N) accompanies a CDA document in an IHE_XDM archive."},
    {"doc.x_mss_nil", "550", "5.6.0", "451", "4.6.0",
	"Message de {addr} refuse: X-MSS-NIL ({detail}). Une boite "
	"applicative doit indiquer dans l'en-tete X-MSS-NIL la reference du "
	"logiciel emetteur." TAG_FR,
	"Message from {addr} rejected: X-MSS-NIL ({detail}). An applicative "
	"mailbox must give the sending software's reference in the X-MSS-NIL "
	"header." TAG_EN,
    "A message from an applicative (APP) mailbox carries a non-empty X-MSS-NIL."},
    {"doc.subject_xdm", "550", "5.6.0", "451", "4.6.0",
	"Message de {addr} refuse: avec une archive IHE_XDM, l'objet doit "
	"commencer par XDM/1.0/DDM+ suivi du libelle du document "
	"({detail})." TAG_FR,
	"Message from {addr} rejected: with an IHE_XDM archive the Subject "
	"must start with XDM/1.0/DDM+ and the document's label "
	"({detail})." TAG_EN,
    "With an IHE_XDM archive the Subject starts with XDM/1.0/DDM+ and a label."},
    {"doc.patient_mismatch", "550", "5.7.1", "451", "4.7.1",
	"Message refuse: le document joint concerne un autre patient que le "
	"destinataire {addr} ({detail}). Verifiez le patient et le "
	"destinataire avant tout nouvel envoi." TAG_FR,
	"Message rejected: the attached document is about another patient "
	"than the recipient {addr} ({detail}). Check the patient and the "
	"recipient before sending again." TAG_EN,
    "The XDM patient id is the patient recipient's INS; one patient per message."},
    {"doc.patient_unverified", "550", "5.7.1", "451", "4.7.1",
	"Message refuse: impossible de verifier que le document concerne le "
	"patient destinataire {addr} ({detail}). Renseignez l'INS du patient "
	"dans les metadonnees XDM." TAG_FR,
	"Message rejected: cannot check that the document is about the "
	"patient recipient {addr} ({detail}). Give the patient's INS in the "
	"XDM metadata." TAG_EN,
    "Documents sent to a patient carry an INS in their XDM metadata."},
    {"doc.category_missing", "550", "5.6.0", "451", "4.6.0",
	"Message refuse: document sans categorie pour le patient {addr} "
	"({detail}). Indiquez le type de document (liste JDV_J07) dans les "
	"metadonnees XDM." TAG_FR,
	"Message rejected: a document for patient {addr} has no category "
	"({detail}). Give the document type (JDV_J07 list) in the XDM "
	"metadata." TAG_EN,
    "Every document sent to a patient has a JDV_J07 category."},
    {"doc.category_unknown", "550", "5.6.0", "451", "4.6.0",
	"Message de {addr} refuse: type de document absent de la liste "
	"nationale JDV_J07 ({detail}). Utilisez un code de cette "
	"liste." TAG_FR,
	"Message from {addr} rejected: document type not in the national "
	"JDV_J07 list ({detail}). Use a code of that list." TAG_EN,
    "Every category code is in the JDV_J07 table."},
    {"doc.xdm_unsafe", "552", "5.3.4", "451", "4.3.4",
	"Message de {addr} refuse: archive IHE_XDM refusee ({detail}). "
	"Envoyez une archive conforme, de taille raisonnable." TAG_FR,
	"Message from {addr} rejected: IHE_XDM archive refused ({detail}). "
	"Send a conformant archive of reasonable size." TAG_EN,
    "An IHE_XDM archive is a zip or XML bomb, or over a limit: it is refused, never opened further."},
    {"doc.xdm_invalid", "550", "5.6.0", "451", "4.6.0",
	"Message de {addr} refuse: archive IHE_XDM illisible ({detail}). "
	"Verifiez le logiciel emetteur." TAG_FR,
	"Message from {addr} rejected: unreadable IHE_XDM archive "
	"({detail}). Check the sending software." TAG_EN,
    "An IHE_XDM archive cannot be read (not a zip, malformed, encrypted, no METADATA.XML, bad XML)."},
    {"doc.ins_unqualified", "550", "5.7.1", "451", "4.7.1",
	"Message refuse: l'identite du patient {addr} n'est pas qualifiee "
	"({detail}); un document ne peut pas etre envoye a un patient sans "
	"INS qualifie. Qualifiez l'identite avec le teleservice INSi, puis "
	"renvoyez le document avec X-MSS-INS: O et l'INS dans les "
	"metadonnees XDM." TAG_FR,
	"Message rejected: the identity of patient {addr} is not qualified "
	"({detail}); a document cannot be sent to a patient without a "
	"qualified INS. Qualify the identity with the INSi service, then "
	"send the document again with X-MSS-INS: O and the INS in the XDM "
	"metadata." TAG_EN,
    "A message to a patient carries neither X-MSS-INS: N nor XDM metadata without an INS-type patient id."},
    {"doc.class_unknown", "550", "5.6.0", "451", "4.6.0",
	"Message de {addr} refuse: classe de document absente de la liste "
	"nationale TRE_A03 ({detail}). Utilisez un code de cette liste dans "
	"le classCode des metadonnees XDM." TAG_FR,
	"Message from {addr} rejected: document class not in the national "
	"TRE_A03 list ({detail}). Use a code of that list as the XDM "
	"classCode." TAG_EN,
    "Every classCode of the XDM metadata is in the TRE_A03 table."},
    {"doc.unanalysed", "552", "5.3.4", "451", "4.3.4",
	"Message pour {addr} refuse: trop volumineux ou trop complexe pour "
	"que ses documents soient verifies ({detail}). Envoyez les documents "
	"en plusieurs messages plus simples." TAG_FR,
	"Message to {addr} rejected: too large or too complex for its "
	"documents to be checked ({detail}). Send the documents in several "
	"simpler messages." TAG_EN,
    "The message could not be analysed for documents (DocumentMaxSize, parser limits): its documents were not checked."},
};

#define RULE_COUNT (sizeof(rule_info) / sizeof(rule_info[0]))

/* rule_find - look up a rule by id */

const RULE_INFO *rule_find(const char *id)
{
    size_t  i;

    if (id == 0)
	return (0);
    for (i = 0; i < RULE_COUNT; i++)
	if (strcmp(rule_info[i].id, id) == 0)
	    return (rule_info + i);
    return (0);
}

/* rule_table - the whole table */

const RULE_INFO *rule_table(size_t *count)
{
    *count = RULE_COUNT;
    return (rule_info);
}

/* rule_put_value - append a sanitised, length-capped value */

static void rule_put_value(VSTR *out, const char *value)
{
    const unsigned char *p;
    size_t  n;

    if (value == 0)
	value = "-";
    for (p = (const unsigned char *) value, n = 0; *p; p++, n++) {
	if (n == RULE_VALUE_MAX - 3 && strlen((const char *) p) > 3) {
	    vstr_cat(out, "...");
	    return;
	}
	vstr_addch(out, (*p >= 0x20 && *p < 0x7f) ? *p : '?');
    }
}

/* rule_expand_id - expand a template with an explicit rule id */

static void rule_expand_id(const char *template, const char *id,
			           const RULE_VARS *vars, VSTR *out)
{
    static const RULE_VARS none;
    const unsigned char *p;

    if (vars == 0)
	vars = &none;
    vstr_reset(out);
    if (template == 0)
	return;
    for (p = (const unsigned char *) template; *p; p++) {
	if (*p == '{') {
	    if (strncmp((const char *) p, "{addr}", 6) == 0) {
		rule_put_value(out, vars->addr);
		p += 5;
		continue;
	    }
	    if (strncmp((const char *) p, "{domain}", 8) == 0) {
		rule_put_value(out, vars->domain);
		p += 7;
		continue;
	    }
	    if (strncmp((const char *) p, "{detail}", 8) == 0) {
		rule_put_value(out, vars->detail);
		p += 7;
		continue;
	    }
	    if (strncmp((const char *) p, "{rule}", 6) == 0) {
		rule_put_value(out, id);
		p += 5;
		continue;
	    }
	}
	vstr_addch(out, (*p >= 0x20 && *p < 0x7f) ? *p : '?');
    }
}

/* rule_expand - expand a template */

void    rule_expand(const char *template, const RULE_VARS *vars, VSTR *out)
{
    const char *id = 0;
    size_t  i;

    /* {rule} is the owner of the template, found by identity. */
    for (i = 0; i < RULE_COUNT && id == 0; i++)
	if (template == rule_info[i].text_fr || template == rule_info[i].text_en)
	    id = rule_info[i].id;
    rule_expand_id(template, id, vars, out);
}

/* rule_format - expand a rule's text in one language */

void    rule_format(const RULE_INFO *rp, VERDICT_LANG lang,
		            const RULE_VARS *vars, VSTR *out)
{
    rule_expand_id(lang == VERDICT_LANG_EN ? rp->text_en : rp->text_fr,
		   rp->id, vars, out);
}
