# conv-lib.sh - shared by the conversation tests through miltertest
# (conv-race.sh, conv-receipt.sh; sourced after common.sh, slapd.sh,
# postfix-stack.sh; bash).
#
#	conv_milter_start	a site key ($KEY: $T/site.key), a private
#		slapd and mssante-milter with Conversations yes on
#		local:$T/milter.sock, logging to $LOG ($T/milter.log); fails
#		the test and ends it when either does not start
#	conv_state MAILBOX	mssConversationState of the conversation of
#		MAILBOX (one patient in these tests), or "absent"

conv_milter_start() {
    # $T exists only after t_init: set the paths here, not when sourced.
    KEY=$T/site.key LOG=$T/milter.log
    ( umask 077; openssl rand -hex 32 >"$KEY" )
    SLAPD_DIR=$T/slapd
    mss_dir_start || { t_fail "slapd starts"; t_done; }
    mss_config "$T/milter.conf" "local:$T/milter.sock" enforce \
        "LDAPBindDN $SLAPD_ROOTDN" "LDAPBindPasswordFile $SLAPD_PWFILE" \
        "PeerCertificate off" "Conversations yes" "AuditKeyFile $KEY"
    mss_start "$T/milter.conf" "$LOG" || { t_fail "milter starts"; t_done; }
    t_ok "slapd and mssante-milter (Conversations yes) started"
}

conv_state() {
    _s=$(slapd_search "(&(objectClass=mssConversation)(mssProfessionalMailbox=$1))" \
        mssConversationState | sed -n 's/^mssConversationState: //p')
    echo "${_s:-absent}"
}
