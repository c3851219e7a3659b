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
