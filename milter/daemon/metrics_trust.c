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
/*	load), the seconds since it was loaded, the seconds since the
/*	generation of its whitelist (DateDeGeneration; absent when the
/*	mirror does not record it), and the failed refreshes since the
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
    time_t  wl = sp ? trustsnap_wl_generated(sp) : 0;
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
    if (wl != 0)
	metrics_scalar(out, "trust_whitelist_age_seconds", "gauge",
		       "Seconds since the generation (DateDeGeneration) of the whitelist in use.",
		       (long long) (now - wl));
    metrics_scalar(out, "trust_refresh_failures", "gauge",
		   "Failed trust snapshot refreshes since the last success.",
		   trustsnap_failures());
    trustsnap_release(sp);
}
