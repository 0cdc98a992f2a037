"""Who may do what with papers, decided from the user alone (services, selectors and views ask here;
the roles that hold these permissions are in accounts/roles.py)."""

ISSUE = "papers.issue_paper"
VIEW_CUSTOMER = "customers.view_customer"
EDIT_TEMPLATES = "papers.change_papertemplate"
ADD_TEMPLATES = "papers.add_papertemplate"


def may_issue(user) -> bool:
    """Issuing shows the customer's data: the issuer must also be one who sees customers."""
    return user.has_perm(ISSUE) and user.has_perm(VIEW_CUSTOMER)


def may_edit_templates(user) -> bool:
    return user.has_perm(EDIT_TEMPLATES)
