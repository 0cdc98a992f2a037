# The access log is not in the admin: it names whose data was seen, so it is read only through
# the audited person's-log page (customers:access_log), which itself writes the log.
