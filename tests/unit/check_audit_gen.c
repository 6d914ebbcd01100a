/*++
/* NAME
/*	check_audit_gen 1
/* SUMMARY
/*	write realistic audit trails through the real writer, for tests
/* SYNOPSIS
/*	check_audit_gen
/*	check_audit_gen LOG KEYFILE COUNT [DAYS [ROTATE_EVERY [CHECKPOINT_S]]]
/*	check_audit_gen --serve LOG KEYFILE PIDFILE
/*	check_audit_gen --forge IN OUT [FIRST [LAST [compress]]]
/* DESCRIPTION
/*	With arguments, writes COUNT transactions into LOG with the audit
/*	writer (audit(3)), their time stamps spread evenly over DAYS days
/*	(default 1) ending 2024-05-31T23:00:00Z, their facts drawn from a
/*	fixed pseudo-random sequence (the same files every run). Every
/*	ROTATE_EVERY transactions, LOG is renamed LOG.gN (N = 1, 2...) and
/*	the writer reopens LOG, as after logrotate. With CHECKPOINT_S
/*	(AuditCheckpoint, default 0: none), the generator's clock ticks
/*	through every second between transactions (audit_tick()), so the
/*	trail gets the checkpoints the daemon's timer would write. It
/*	prints the files written, oldest first, one per line, and at the
/*	end the number of transactions about the patient 285037728417346
/*	as "patient N". The seals' heads go to the standard error, as the
/*	daemon logs them.
/*
/*	With --serve, it behaves like the daemon for the audit trail:
/*	writes its pid to PIDFILE, then one transaction every 10 ms (real
/*	time), calls audit_reopen() on SIGUSR1 or SIGHUP (logrotate's
/*	postrotate), and closes the trail on SIGTERM (or after 30 s).
/*
/*	With --forge, it plays the attacker without the key: it copies
/*	IN to OUT without the checkpoint records of lines FIRST to LAST
/*	(default: all) and recomputes every link (seq and prev) after
/*	them, so that the bare chain holds. With "compress", every record
/*	it writes also gets the time of IN's first record, so that no
/*	span between seals looks longer than the checkpoint interval.
/*
/*	Without arguments (as the test suite and valgrind run it), it
/*	writes a small trail into a temporary directory, checks its chain
/*	and exits 0 when intact.
/*--*/

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vstr.h"
#include "audit.h"
#include "audit_chain.h"

#define END_TIME	1717196400LL	/* 2024-05-31T23:00:00Z */

static long long gen_time;		/* seconds of the next record */
static unsigned long gen_state = 12345;

/* gen_clock - the writer's clock: the generator's time */

static void gen_clock(struct timespec *ts)
{
    ts->tv_sec = (time_t) gen_time;
    ts->tv_nsec = 250000000L;
}

/* rnd - fixed pseudo-random sequence (LCG) */

static unsigned rnd(unsigned n)
{
    gen_state = gen_state * 1103515245UL + 12345UL;
    return ((unsigned) ((gen_state >> 16) & 0x7fff) % n);
}

/* set_verdict - fill a verdict the way the policy library would */

static VERDICT *set_verdict(VERDICT *v, VERDICT_ACTION action, const char *rule,
			            const char *rcode, const char *xcode,
			            const char *text)
{
    v->action = action;
    v->rule = rule;
    snprintf(v->rcode, sizeof(v->rcode), "%s", rcode);
    snprintf(v->xcode, sizeof(v->xcode), "%s", xcode);
    vstr_strcpy(v->text, text);
    return (v);
}

static const char *const pros[] = {
    "dr.martin@ch-exemple.mssante.fr", "secretariat.cardio@ch-exemple.mssante.fr",
    "labo@biologie-sud.mssante.fr", "pharmacie.centrale@pharmacie.mssante.fr",
    "compte_rendu_noreply@ch-exemple.mssante.fr", "dr.durand@medecin.mssante.fr",
};
static const char *const outsiders[] = {
    "someone@gmail.com", "contact@example.org", "x@laposte.net",
};
static const char *const patients[] = {
    "285037728417346", "279035121518989", "295109912611193", "253072B07300470",
    "192039741104293",
};

/* one_txn - write one transaction, count those about patient[0] */

static int one_txn(AUDIT *a, int i, VSTR *why, int *patient)
{
    AUDIT_TXN *txn = audit_new_txn(a);
    VERDICT v, fin;
    VSTR   *addr = vstr_alloc(60), *qid = vstr_alloc(20);
    unsigned roll = rnd(100), p = rnd(5);
    int     outbound = rnd(2), about_first = 0, ret;
    AUDIT_TLS tls = {"TLSv1.3", "TLS_AES_256_GCM_SHA384",
	"CN=mx.ch-exemple.mssante.fr,OU=318751275100020,O=CH EXEMPLE,C=FR",
    "CN=AC IGC-SANTE ELEMENTAIRE ORGANISATIONS,OU=IGC-SANTE,C=FR", "OK", "dn"};

    memset(&v, 0, sizeof(v));
    memset(&fin, 0, sizeof(fin));
    v.text = vstr_alloc(100);
    fin.text = vstr_alloc(100);
    audit_txn_connect(txn, outbound ? "10.1.2.3" : "192.0.2.25",
		      outbound ? "[10.1.2.3]" : "mx.operateur.mssante.fr");
    audit_txn_helo(txn, outbound ? "poste-12" : "mx.operateur.mssante.fr");
    if (roll % 10 != 3)
	audit_txn_tls(txn, &tls);
    audit_txn_begin(txn);
    vstr_sprintf(qid, "4Vq%05dZz%d", i, roll);
    audit_txn_queue_id(txn, vstr_str(qid));
    audit_txn_direction(txn, outbound ? "outbound" : "inbound");
    audit_txn_mode(txn, "enforce");
    audit_txn_sender(txn, roll >= 70 && roll < 80 ? outsiders[rnd(3)] : pros[rnd(6)]);
    audit_txn_rcpt(txn, pros[rnd(6)], 0);
    if (roll < 30) {
	/* A message to a patient. */
	vstr_sprintf(addr, "%s@patient.mssante.fr", patients[p]);
	about_first = p == 0;
	if (roll < 4) {
	    audit_txn_rcpt(txn, vstr_str(addr), set_verdict(&v, VERDICT_REJECT,
		    "ins.key", "550", "5.1.1", "adresse patient refusee: cle INS "
			    "invalide"));
	} else {
	    audit_txn_rcpt(txn, vstr_str(addr), 0);
	    audit_txn_document(txn, "11488-4", "10");
	    audit_txn_patient(txn, patients[p]);
	    if (roll % 3 == 0) {
		audit_txn_subject(txn, SUBJ_FIN);
		audit_txn_event(txn, "conversation.close", vstr_str(addr), 0);
	    } else if (roll % 3 == 1) {
		audit_txn_subject(txn, SUBJ_NEAR_PREFIX);
		audit_txn_event(txn, "conversation.near-miss", vstr_str(addr),
				"RE: [FIN] ne ferme pas la conversation");
	    }
	}
    } else if (roll < 45) {
	audit_txn_rcpt(txn, outsiders[rnd(3)], set_verdict(&v, VERDICT_REJECT,
		    "trust.rcpt_domain", "550", "5.7.1", "destinataire hors de "
			    "l'espace de confiance MSSante"));
    }
    audit_txn_message_id(txn, "<gen@ch-exemple.mssante.fr>");
    audit_txn_size(txn, 1000 + rnd(50000));
    if (roll >= 70 && roll < 80)
	audit_txn_final(txn, set_verdict(&fin, VERDICT_REJECT,
		 "trust.sender_domain", "550", "5.7.1", "expediteur hors de "
					 "l'espace de confiance MSSante"));
    else if (roll >= 80 && roll < 86)
	audit_txn_final(txn, set_verdict(&fin, VERDICT_TEMPFAIL, "dir.error",
		 "451", "4.4.3", "annuaire momentanement indisponible"));
    else if (roll >= 86 && roll < 89)
	audit_txn_final(txn, set_verdict(&fin, VERDICT_QUARANTINE,
				    "doc.category_missing", "", "", ""));
    else if (roll >= 89 && roll < 91)
	audit_txn_final(txn, set_verdict(&fin, VERDICT_DISCARD,
				    "trust.peer_cert", "", "", ""));
    else if (roll < 91 || roll >= 93)
	audit_txn_final(txn, 0);
    /* 91-92: the client goes away before the end: no final decision. */
    ret = audit_write(a, txn, roll >= 91 && roll < 93 ? AUDIT_END_ABORT :
		      AUDIT_END_EOM, why);
    if (roll >= 91 && roll < 93)
	about_first = 0;
    audit_txn_free(txn);
    vstr_free(v.text);
    vstr_free(fin.text);
    vstr_free(addr);
    vstr_free(qid);
    if (ret == 0)
	*patient += about_first;
    return (ret);
}

/* generate - COUNT transactions, with rotations */

static int generate(const char *log, const char *keyfile, int count, int days,
		            int rotate_every, int checkpoint_s)
{
    AUDIT_CONFIG cf;
    AUDIT  *a;
    VSTR   *why = vstr_alloc(100), *old = vstr_alloc(100);
    long long span = (long long) days * 86400 - 3600, start = END_TIME - span;
    int     i, gen = 0, patient = 0, status = 0;

    audit_config_init(&cf);
    cf.path = log;
    cf.key_file = keyfile;
    cf.sync = AUDIT_SYNC_NONE;
    cf.host = "mx1.ch-exemple.mssante.fr";
    cf.checkpoint_s = checkpoint_s;
    cf.clock = gen_clock;
    gen_time = start;
    if ((a = audit_open(&cf, why)) == 0) {
	fprintf(stderr, "check_audit_gen: %s\n", vstr_str(why));
	status = 2;
    }
    for (i = 0; a && status == 0 && i < count; i++) {
	long long next = start + (count > 1 ? span * i / (count - 1) : 0);

	/* The timer's checkpoints, by the generator's clock. */
	while (checkpoint_s > 0 && gen_time < next && status == 0) {
	    gen_time++;
	    if (audit_tick(a, why) < 0)
		status = 2;
	}
	gen_time = next;
	if (rotate_every > 0 && i > 0 && i % rotate_every == 0) {
	    vstr_sprintf(old, "%s.g%d", log, ++gen);
	    if (rename(log, vstr_str(old)) < 0 || audit_reopen(a, why) < 0) {
		fprintf(stderr, "check_audit_gen: rotation: %s\n", vstr_str(why));
		status = 2;
		break;
	    }
	    printf("%s\n", vstr_str(old));
	}
	/* A checkpoint now and then, as the interval would make. */
	if ((i % 25 == 24 && audit_checkpoint(a, why) < 0)
	    || one_txn(a, i, why, &patient) < 0) {
	    fprintf(stderr, "check_audit_gen: %s\n", vstr_str(why));
	    status = 2;
	}
    }
    audit_close(a);
    if (status == 0)
	printf("%s\npatient %d\n", log, patient);
    vstr_free(why);
    vstr_free(old);
    return (status);
}

static volatile sig_atomic_t got_reopen, got_stop;

/* on_signal - remember what was asked */

static void on_signal(int sig)
{
    if (sig == SIGTERM)
	got_stop = 1;
    else
	got_reopen = 1;
}

/* serve - write until told to stop, reopen when told to */

static int serve(const char *log, const char *keyfile, const char *pidfile)
{
    AUDIT_CONFIG cf;
    AUDIT  *a;
    VSTR   *why = vstr_alloc(100);
    FILE   *fp;
    int     i, patient = 0, status = 0;

    audit_config_init(&cf);
    cf.path = log;
    cf.key_file = keyfile;
    cf.host = "mx1.ch-exemple.mssante.fr";
    if ((a = audit_open(&cf, why)) == 0) {
	fprintf(stderr, "check_audit_gen: %s\n", vstr_str(why));
	vstr_free(why);
	return (2);
    }
    signal(SIGUSR1, on_signal);
    signal(SIGHUP, on_signal);
    signal(SIGTERM, on_signal);
    if ((fp = fopen(pidfile, "w")) == 0 || fprintf(fp, "%ld\n", (long) getpid()) < 0
	|| fclose(fp) != 0) {
	fprintf(stderr, "check_audit_gen: cannot write %s\n", pidfile);
	status = 2;
    }
    for (i = 0; status == 0 && i < 3000 && !got_stop; i++) {
	if (got_reopen) {
	    got_reopen = 0;
	    if (audit_reopen(a, why) < 0)
		fprintf(stderr, "check_audit_gen: reopen: %s\n", vstr_str(why));
	}
	if (one_txn(a, i, why, &patient) < 0)
	    fprintf(stderr, "check_audit_gen: %s\n", vstr_str(why));
	usleep(10000);
    }
    audit_close(a);
    vstr_free(why);
    return (status);
}

/* self_test - a small trail, chain checked */

static int self_test(void)
{
    char    dir[] = "/tmp/check_audit_gen.XXXXXX", log[80], key[80], cmd[120];
    FILE   *fp;
    char   *line = 0, prev_hash[AUDIT_HEX_LEN + 1] = AUDIT_CHAIN_ZERO;
    size_t  cap = 0;
    ssize_t n;
    int     lines = 0, bad = 0, saved;

    if (mkdtemp(dir) == 0)
	return (1);
    snprintf(log, sizeof(log), "%s/audit.log", dir);
    snprintf(key, sizeof(key), "%s/key", dir);
    fp = fopen(key, "w");
    fputs("6d7373616e74652d61756469742d746573742d6b65792d30313233343536373839\n", fp);
    fclose(fp);
    chmod(key, 0600);
    saved = dup(1);
    if (freopen("/dev/null", "w", stdout) == 0)
	return (1);
    bad = generate(log, key, 40, 2, 0, 0) != 0;
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    fp = fopen(log, "r");
    while (fp && (n = getline(&line, &cap, fp)) > 0) {
	json_t *rec;

	line[--n] = 0;
	rec = json_loads(line, 0, 0);
	if (rec == 0 || strcmp(json_string_value(json_object_get(rec, "prev")),
			       prev_hash) != 0)
	    bad = 1;
	json_decref(rec);
	audit_chain_hash(line, (size_t) n, prev_hash);
	lines++;
    }
    if (fp)
	fclose(fp);
    free(line);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    if (system(cmd) != 0)
	bad = 1;
    printf("check_audit_gen: %d lines, chain %s\n", lines, bad ? "BROKEN" : "intact");
    return (bad || lines < 41);
}

/* forge - drop checkpoints, recompute the links after them */

static int forge(const char *in, const char *out, long first, long last,
		         int compress)
{
    FILE   *ip = fopen(in, "r"), *op = fopen(out, "w");
    VSTR   *line = vstr_alloc(1000);
    char   *buf = 0, *cut, *p, *t, prev[AUDIT_HEX_LEN + 1];
    VSTR   *time0 = vstr_alloc(30);
    size_t  cap = 0;
    ssize_t n;
    long    lineno = 0;
    long long seq = -1;
    int     status = 0;

    if (ip == 0 || op == 0) {
	fprintf(stderr, "check_audit_gen: cannot open %s or %s\n", in, out);
	return (2);
    }
    while ((n = getline(&buf, &cap, ip)) > 0) {
	json_t *rec;
	const char *type;

	buf[--n] = 0;
	lineno++;
	if ((rec = json_loads(buf, 0, 0)) == 0 || (cut = strstr(buf, ",\"seq\":")) == 0) {
	    status = 2;
	    json_decref(rec);
	    break;
	}
	type = json_string_value(json_object_get(rec, "type"));
	if (seq < 0) {				/* the first line keeps its link */
	    seq = json_integer_value(json_object_get(rec, "seq"));
	    vstr_strcpy(time0, json_string_value(json_object_get(rec, "time")) ?
			json_string_value(json_object_get(rec, "time")) : "");
	    snprintf(prev, sizeof(prev), "%s",
		     json_string_value(json_object_get(rec, "prev")));
	}
	if (type && strcmp(type, "checkpoint") == 0 && lineno >= first && lineno <= last) {
	    json_decref(rec);
	    continue;
	}
	json_decref(rec);
	while ((p = strstr(cut + 1, ",\"seq\":")) != 0)
	    cut = p;				/* the writer's, at the end */
	vstr_reset(line);
	/* The attacker's compressed clock: "time" as the first record's. */
	if (compress && (t = strstr(buf, "\"time\":\"")) != 0 && t < cut
	    && (p = strchr(t + 8, '"')) != 0 && p < cut) {
	    vstr_ncat(line, buf, (size_t) (t + 8 - buf));
	    vstr_cat(line, vstr_str(time0));
	    vstr_ncat(line, p, (size_t) (cut - p));
	} else {
	    vstr_ncat(line, buf, (size_t) (cut - buf));
	}
	vstr_sprintf_append(line, ",\"seq\":%lld,\"prev\":\"%s\"}", seq++, prev);
	fprintf(op, "%s\n", vstr_str(line));
	audit_chain_hash(vstr_str(line), vstr_len(line), prev);
    }
    free(buf);
    fclose(ip);
    if (fclose(op) != 0)
	status = 2;
    vstr_free(line);
    vstr_free(time0);
    return (status);
}

/* main - generate, or test oneself */

int     main(int argc, char **argv)
{
    if (argc == 1)
	return (self_test());
    if (argc == 5 && strcmp(argv[1], "--serve") == 0)
	return (serve(argv[2], argv[3], argv[4]));
    if (argc < 4 || argc > 7) {
	fprintf(stderr, "usage: check_audit_gen LOG KEYFILE COUNT [DAYS [ROTATE_EVERY "
		"[CHECKPOINT_S]]]\n");
	return (2);
    }
    if (argc >= 4 && argc <= 7 && strcmp(argv[1], "--forge") == 0)
	return (forge(argv[2], argv[3], argc > 4 ? atol(argv[4]) : 1,
		      argc > 5 ? atol(argv[5]) : LONG_MAX,
		      argc > 6 && strcmp(argv[6], "compress") == 0));
    return (generate(argv[1], argv[2], atoi(argv[3]), argc > 4 ? atoi(argv[4]) : 1,
		     argc > 5 ? atoi(argv[5]) : 0, argc > 6 ? atoi(argv[6]) : 0));
}
