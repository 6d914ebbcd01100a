/*++
/* NAME
/*	metrics_trust 3
/* SUMMARY
/*	the trust snapshot gauges of the metrics endpoint
/* SYNOPSIS
/*	#include "metrics.h"
/*
/*	void	metrics_render_trust(out)
/*	VSTR	*out;
/* DESCRIPTION
/*	metrics_render_trust() appends to out, in the Prometheus text
/*	format, what the current trust snapshot (trustsnap(3)) is at this
/*	moment: its entries (domains, operator DNs; 0 before the first
/*	load), the seconds since it was loaded, the dates of the mirror's
/*	cn=metadata read with it (dir_trust_freshness()): the seconds
/*	since the generation of its whitelist (DateDeGeneration) and of
/*	the extraction (the time in its file name), and when each file
/*	was loaded into the mirror (Unix time), each absent when the
/*	mirror does not record it; and the failed refreshes since the
/*	last success. Read at each scrape, nothing is counted in the
/*	snapshot code itself.
/*
/*	Kept apart from metrics(3), which the audit writer and the tools
/*	link: this module needs the directory client.
/* SEE ALSO
/*	metrics(3), metrics_http(3)
/*--*/

#include <time.h>

#include "vstr.h"
#include "trustsnap.h"
#include "metrics.h"

/* metrics_render_trust - the current trust snapshot */

void    metrics_render_trust(VSTR *out)
{
    TRUSTSNAP *sp = trustsnap_get();
    const TRUST *trust = sp ? trustsnap_trust(sp) : 0;
    DIR_FRESHNESS fr;
    time_t  now = time((time_t *) 0);

    metrics_head(out, "trust_snapshot_entries", "gauge",
		 "Entries of the trust snapshot in use (0 before the first load).");
    vstr_sprintf_append(out, "mssante_milter_trust_snapshot_entries{kind=\"domain\"} %zu\n",
			trust ? trust_domain_count(trust) : 0);
    vstr_sprintf_append(out, "mssante_milter_trust_snapshot_entries{kind=\"operator_dn\"} %zu\n",
			trust ? trust_dn_count(trust) : 0);
    if (sp != 0)
	metrics_scalar(out, "trust_snapshot_age_seconds", "gauge",
		       "Seconds since the trust snapshot in use was loaded from the directory.",
		       (long long) (now - trustsnap_loaded(sp)));
    trustsnap_freshness(sp, &fr);
    if (fr.wl_generated != 0)
	metrics_scalar(out, "trust_whitelist_age_seconds", "gauge",
		       "Seconds since the generation (DateDeGeneration) of the whitelist in use.",
		       (long long) (now - fr.wl_generated));
    if (fr.ex_generated != 0)
	metrics_scalar(out, "trust_extraction_age_seconds", "gauge",
		       "Seconds since the generation of the extraction in the mirror"
		       " (the time in its file name).", (long long) (now - fr.ex_generated));
    if (fr.wl_loaded != 0)
	metrics_scalar(out, "trust_whitelist_load_time_seconds", "gauge",
		       "When the whitelist in use was loaded into the mirror (Unix time).",
		       (long long) fr.wl_loaded);
    if (fr.ex_loaded != 0)
	metrics_scalar(out, "trust_extraction_load_time_seconds", "gauge",
		       "When the extraction in the mirror was loaded into it (Unix time).",
		       (long long) fr.ex_loaded);
    metrics_scalar(out, "trust_refresh_failures", "gauge",
		   "Failed trust snapshot refreshes since the last success.",
		   trustsnap_failures());
    trustsnap_release(sp);
}
