"""The category lists of DOMAIN.md: stored as codes, shown in the user's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

VIOLENCE_FORMS = {
    "physical": _l("Physical"),
    "psychological": _l("Psychological"),
    "sexual": _l("Sexual"),
    "exploitation": _l("Exploitation"),
    "trafficking": _l("Trafficking in persons (TPPO)"),
    "neglect": _l("Neglect"),
    "other": _l("Other"),
}
GBV_TYPES = {
    "rape": _l("Rape"),
    "sexual_assault": _l("Sexual assault"),
    "physical_assault": _l("Physical assault"),
    "forced_marriage": _l("Forced marriage"),
    "denial_of_resources": _l("Denial of resources, opportunities or services"),
    "psychological_abuse": _l("Psychological / emotional abuse"),
    "non_gbv": _l("Not GBV"),
}
TPKS_CRIMES = {
    "nonphysical_harassment": _l("Non-physical sexual harassment"),
    "physical_harassment": _l("Physical sexual harassment"),
    "forced_contraception": _l("Forced contraception"),
    "forced_sterilisation": _l("Forced sterilisation"),
    "forced_marriage": _l("Forced marriage"),
    "sexual_torture": _l("Sexual torture"),
    "sexual_exploitation": _l("Sexual exploitation"),
    "sexual_slavery": _l("Sexual slavery"),
    "electronic": _l("Electronic-based sexual violence"),
}
PLACES = {
    "household": _l("Household"),
    "workplace": _l("Workplace"),
    "school": _l("School / educational institution"),
    "public_facility": _l("Public facility"),
    "online": _l("Online"),
    "other": _l("Other"),
}
RELATIONSHIPS = {
    "spouse": _l("Husband / wife"),
    "former_spouse": _l("Former husband / wife"),
    "partner": _l("Boyfriend / girlfriend (current or former)"),
    "parent": _l("Parent"),
    "relative": _l("Family member / relative"),
    "teacher": _l("Teacher"),
    "employer": _l("Employer"),
    "colleague": _l("Colleague"),
    "neighbour": _l("Neighbour"),
    "community_member": _l("Community member"),
    "stranger": _l("Stranger"),
    "other": _l("Other"),
}
SEXES = {"female": _l("Female"), "male": _l("Male")}
AGE_BANDS = {
    "0-5": _l("0–5 years"),
    "6-12": _l("6–12 years"),
    "13-17": _l("13–17 years"),
    "18-24": _l("18–24 years"),
    "25-44": _l("25–44 years"),
    "45-59": _l("45–59 years"),
    "60+": _l("60 years and over"),
}
CHILD_AGE_BANDS = ("0-5", "6-12", "13-17")
DISABILITIES = {
    "none": _l("None"),
    "physical": _l("Physical"),
    "sensory": _l("Sensory"),
    "intellectual": _l("Intellectual"),
    "mental": _l("Mental"),
    "multiple": _l("Multiple"),
}
EDUCATION = {
    "none": _l("No schooling"),
    "tk": _l("Kindergarten (TK)"),
    "sd": _l("Primary (SD)"),
    "smp": _l("Junior secondary (SMP)"),
    "sma": _l("Senior secondary (SMA)"),
    "higher": _l("Higher education"),
}
OCCUPATIONS = {
    "not_working": _l("Not working"),
    "student": _l("Student"),
    "housewife": _l("Homemaker"),
    "farmer": _l("Farmer / fisher"),
    "labourer": _l("Labourer"),
    "domestic_worker": _l("Domestic worker"),
    "migrant_worker": _l("Migrant worker"),
    "trader": _l("Trader / self-employed"),
    "private_employee": _l("Private employee"),
    "civil_servant": _l("Civil servant / TNI / Polri"),
    "other": _l("Other"),
}
MARITAL_STATUSES = {
    "unmarried": _l("Not married"),
    "married": _l("Married"),
    "divorced": _l("Divorced"),
    "widowed": _l("Widowed"),
    "siri": _l("Unregistered marriage (nikah siri)"),
}
# How a case came in (DOMAIN.md); a plain column, counted in the reports.
INTAKE_CHANNELS = {
    "walk_in": _l("Walked in"),
    "hotline": _l("SAPA 129 / hotline"),
    "outreach": _l("Outreach"),
    "referral": _l("Referral from another unit"),
    "police": _l("Police"),
    "health": _l("Health facility"),
    "other": _l("Other"),
}
# The intake form's first choice by organisation kind: Dinas Sosial mostly receives cases
# sent on by others; centres and UPTD PPA mostly see women who come to them.
DEFAULT_INTAKE_CHANNEL = {"dinas_sosial": "referral"}


def default_intake_channel(kind: str) -> str:
    """The intake form's preselected channel for an organisation of this kind."""
    return DEFAULT_INTAKE_CHANNEL.get(kind, "walk_in")


RISK_LEVELS = {"low": _l("Low"), "medium": _l("Medium"), "high": _l("High")}
CASE_STATUSES = {
    "open": _l("Open"),
    "closed": _l("Closed"),
    "reopened": _l("Reopened"),
    "duplicate": _l("Duplicate"),
}
CLOSE_REASONS = {
    "needs_met": _l("Needs met"),
    "survivor_wish": _l("Survivor's wish"),
    "moved_away": _l("Moved away"),
    "lost_contact": _l("Lost contact"),
    "transferred": _l("Transferred"),
    "death": _l("Death"),
}
CONSENT_GIVERS = {
    "survivor": _l("The survivor herself"),
    "guardian": _l("The survivor with her guardian (child)"),
    "supervisor": _l("Supervisor, because the guardian is the perpetrator, connected to him, "
                     "or absent (child)"),
}
MESSAGE_PERMISSION = {
    "unknown": _l("Not asked"),
    "yes": _l("Yes, a message may be left"),
    "no": _l("No, never leave a message"),
}


def label(choices: dict, code: str | None) -> str:
    """The label of a code in the user's language (the code itself if unknown)."""
    if code is None:
        return ""
    return str(choices.get(code, code))


def choice_list(choices: dict, blank: bool = False) -> list[tuple[str, str]]:
    """WTForms choices from a category list, optionally with an empty first option."""
    items = [(code, str(text)) for code, text in choices.items()]
    return [("", "—"), *items] if blank else items

SERVICES = {
    "complaint": _l("Complaint intake"),
    "health": _l("Health"),
    "legal_aid": _l("Legal aid"),
    "law_enforcement": _l("Law enforcement"),
    "social_rehabilitation": _l("Social rehabilitation"),
    "social_reintegration": _l("Social reintegration"),
    "return_home": _l("Return home"),
    "faith_accompaniment": _l("Accompaniment by a religious leader"),
    "psychological": _l("Psychological services"),
    "shelter": _l("Temporary shelter / safe house"),
    "mediation": _l("Mediation"),
    "civil_documents": _l("Civil registration documents (KTP-el, KK, certificates)"),
    # The child pathway (UU SPPA 11/2012): a Bapas community counsellor accompanies a child
    # victim or witness; diversion, never for sexual violence (cases.rules).
    "bapas_counsellor": _l("Bapas community counsellor (pembimbing kemasyarakatan)"),
    "diversion": _l("Diversion (child justice, UU SPPA)"),
}
SERVICE_OUTCOMES = {
    "provided": _l("Provided"),
    "referred_elsewhere": _l("Referred elsewhere"),
    "already_received": _l("Already received"),
    "declined_by_survivor": _l("Declined by the survivor"),
    "not_available": _l("Not available"),
    "not_applicable": _l("Not applicable"),
}
CIVIL_DOCUMENTS = {
    "ktp_el": _l("KTP-el (identity card)"),
    "kk": _l("Kartu Keluarga (family card)"),
    "akta_kelahiran": _l("Akta kelahiran (birth certificate)"),
    "akta_perkawinan": _l("Akta perkawinan (marriage certificate)"),
    "akta_perceraian": _l("Akta perceraian (divorce certificate)"),
}
