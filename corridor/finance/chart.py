"""The funds and accounts every deployment starts with (created by migration 0002), by code."""

ADMIN_FUND = "ADMIN"  # the administrative budget, in Swiss francs
EMERGENCY_FUND = "EMERGENCY"  # the emergency revolving fund, in US dollars

BANK = "1000"
RECEIVABLE = "1100"  # a member's own receivable is "1100-<ISO3>"
ADVANCES = "1300"  # emergency advances to operations, to be repaid
FX_CLEARING = "1900"  # where an amount in one currency becomes its value in another
REFUNDS_PAYABLE = "2200"
NET_ASSETS = "3000"
ASSESSED_INCOME = "4000"
VOLUNTARY_INCOME = "4100"
EXPENSES = "5000"
REIMBURSEMENTS = "5100"  # a contribution's first charge repaying an emergency advance


def account_label(account) -> str:
    """The account's name in the reader's language: the chart's own accounts are stored with
    their English name (migration 0002) and shown by code; a member's receivable names its
    member; any other keeps the name it was given."""
    from django.utils.translation import gettext as _

    labels = {BANK: _("Cash and bank"), RECEIVABLE: _("Contributions receivable"),
              ADVANCES: _("Emergency advances receivable"),
              FX_CLEARING: _("Currency exchange clearing"),
              REFUNDS_PAYABLE: _("Refunds payable to member States"),
              NET_ASSETS: _("Net assets"), ASSESSED_INCOME: _("Assessed contributions"),
              VOLUNTARY_INCOME: _("Voluntary contributions"), EXPENSES: _("Expenses"),
              REIMBURSEMENTS: _("Reimbursement of emergency advances")}
    if account.member_id is not None:
        return _("Contributions receivable — %(member)s") % {"member": account.member.name}
    return labels.get(account.code, account.name)


def fund_label(fund) -> str:
    """The fund's name in the reader's language (a voluntary contribution's fund keeps its
    own: it names the contribution)."""
    from django.utils.translation import gettext as _

    labels = {ADMIN_FUND: _("Administrative budget"), EMERGENCY_FUND: _("Emergency revolving fund")}
    return labels.get(fund.code, fund.name)
