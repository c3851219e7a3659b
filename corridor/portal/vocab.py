"""The portal's codes and their labels: subjects, instrument types, meeting types, channels, and the
UN M49 regions of countries (stored codes, labels rendered in the reader's language)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SUBJECTS = {
    "labour_migration": _("Labour migration"), "refugees": _("Refugees and asylum"),
    "irregular_migration": _("Irregular migration"), "trafficking": _("Trafficking in persons"),
    "smuggling": _("Smuggling of migrants"), "return": _("Return and reintegration"),
    "resettlement": _("Resettlement"), "family_reunion": _("Family reunion"),
    "remittances": _("Remittances"), "diaspora": _("Diaspora"),
    "border_management": _("Border management"), "integration": _("Integration"),
    "displacement": _("Internal displacement"), "health": _("Migration and health"),
    "statistics": _("Migration data and statistics"), "climate": _("Climate and migration"),
}
INSTRUMENTS = {"constitution": _("Constitution"), "law": _("Law"), "decree": _("Decree"),
               "regulation": _("Regulation"), "treaty": _("Treaty or agreement"),
               "policy": _("Policy"), "other": _("Other instrument")}
LEGAL_EVENTS = {"enacted": _("Enacted"), "in_force": _("In force from"), "amended": _("Amended"),
                "repealed": _("Repealed")}
LEGAL_STATUS = {"in_force": _("In force"), "not_yet": _("Not yet in force"),
                "repealed": _("Repealed")}
MEETING_TYPES = {"workshop": _("Workshop"), "seminar": _("Seminar"), "conference": _("Conference"),
                 "regional_dialogue": _("Regional dialogue")}
ORGANISATION_ROLES = {"sending": _("Country of origin"), "receiving": _("Country of destination"),
                      "transit": _("Transit country"), "organiser": _("Organiser"),
                      "observer": _("Observer")}
PUBLICATION_TYPES = {"report": _("Report"), "article": _("Article"), "book": _("Book"),
                     "brief": _("Policy brief"), "working_paper": _("Working paper")}
CHANNELS = {"radio": _("Radio"), "television": _("Television"), "social_media": _("Social media"),
            "print": _("Print"), "community": _("Community meetings"), "sms": _("Text messages")}

REGIONS = {"002": _("Africa"), "019": _("Americas"), "142": _("Asia"), "150": _("Europe"),
           "009": _("Oceania")}
_M49 = {
    "002": "DZA AGO BEN BWA BFA BDI CPV CMR CAF TCD COM COG COD CIV DJI EGY GNQ ERI SWZ ETH GAB GMB "
           "GHA GIN GNB KEN LSO LBR LBY MDG MWI MLI MRT MUS MYT MAR MOZ NAM NER NGA REU RWA SHN STP "
           "SEN SYC SLE SOM ZAF SSD SDN TZA TGO TUN UGA ESH ZMB ZWE IOT ATF",
    "019": "AIA ATG ARG ABW BHS BRB BLZ BMU BOL BES BRA VGB CAN CYM CHL COL CRI CUB CUW DMA DOM ECU "
           "SLV FLK GUF GRL GRD GLP GTM GUY HTI HND JAM MTQ MEX MSR NIC PAN PRY PER PRI BLM KNA LCA "
           "MAF SPM VCT SXM SUR TTO TCA USA VIR URY VEN BVT SGS",
    "142": "AFG ARM AZE BHR BGD BTN BRN KHM CHN CYP PRK GEO HKG IND IDN IRN IRQ ISR JPN JOR KAZ KWT "
           "KGZ LAO LBN MAC MYS MDV MNG MMR NPL OMN PAK PSE PHL QAT KOR SAU SGP LKA SYR TJK THA TLS "
           "TUR TKM ARE UZB VNM YEM TWN",
    "150": "ALA ALB AND AUT BLR BEL BIH BGR HRV CZE DNK EST FRO FIN FRA DEU GIB GRC GGY VAT HUN ISL "
           "IRL IMN ITA JEY LVA LIE LTU LUX MLT MCO MNE NLD MKD NOR POL PRT MDA ROU RUS SMR SRB SVK "
           "SVN ESP SJM SWE CHE UKR GBR XKX",
    "009": "ASM AUS CXR CCK COK FJI PYF GUM HMD KIR MHL FSM NRU NCL NZL NIU NFK MNP PLW PNG PCN WSM "
           "SLB TKL TON TUV UMI VUT WLF",
}
REGION_OF = {country: region for region, countries in _M49.items() for country in countries.split()}


def region_of(country: str) -> str:
    return REGION_OF.get(country, "")


def label(table: dict, code: str) -> str:
    return str(table.get(code, code))
