from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teenindus.core.models import BaseModel


class Queue(BaseModel):
    class Strategy(models.TextChoices):
        LONGEST_IDLE = "longest_idle", _("Longest idle")
        ROUND_ROBIN = "round_robin", _("Round-robin with memory")
        FEWEST_CALLS = "fewest_calls", _("Fewest calls today")

    name = models.SlugField(_("name"), max_length=50, unique=True, allow_unicode=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    sl_threshold_seconds = models.PositiveIntegerField(_("service-level threshold (s)"), default=20)
    short_abandon_seconds = models.PositiveIntegerField(_("short-abandon threshold (s)"), default=5)
    ring_timeout_seconds = models.PositiveIntegerField(_("ring timeout (s)"), default=15)
    strategy = models.CharField(
        _("routing"), max_length=20, choices=Strategy.choices, default=Strategy.LONGEST_IDLE
    )
    # Round-robin memory: the agent who got the last call.
    last_agent = models.ForeignKey(
        "Agent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("queue")
        verbose_name_plural = _("queues")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.title or self.name


class AgentState(models.TextChoices):
    AVAILABLE = "available", _("Available")
    RINGING = "ringing", _("Ringing")
    ON_CALL = "on_call", _("On a call")
    ACW = "acw", _("After-call work")
    BREAK = "break", _("Break")
    TRAINING = "training", _("Training")
    MEETING = "meeting", _("Meeting")
    MISSED = "missed", _("Missed a call")
    OFFLINE = "offline", _("Offline")


class Agent(BaseModel):
    """Someone who answers the info line. Created for an employee, or by the queue_log import for
    an interface it cannot map (unmapped until someone links the employee)."""

    employee = models.OneToOneField(
        "org.Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="agent"
    )
    name = models.CharField(_("name"), max_length=200)
    extension = models.CharField(_("extension"), max_length=40, unique=True)
    state = models.CharField(
        _("state"), max_length=12, choices=AgentState.choices, default=AgentState.OFFLINE
    )
    state_reason = models.CharField(_("reason"), max_length=100, blank=True)
    state_since = models.DateTimeField(_("in this state since"), null=True, blank=True)
    # When the agent last became available: "longest idle" routes to the smallest.
    idle_since = models.DateTimeField(null=True, blank=True, db_index=True)
    # The call the agent is being rung for or is talking on, and until when the ringing may last.
    current_call_id = models.CharField(max_length=80, blank=True)
    ringing_until = models.DateTimeField(null=True, blank=True)
    calls_today = models.PositiveIntegerField(default=0)
    calls_day = models.DateField(null=True, blank=True)
    queues = models.ManyToManyField(Queue, through="AgentSkill", related_name="agents", blank=True)

    class Meta:
        verbose_name = _("agent")
        verbose_name_plural = _("agents")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.extension})"

    @property
    def is_mapped(self) -> bool:
        return self.employee_id is not None


class AgentSkill(models.Model):
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="skills")
    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, related_name="skills")
    priority = models.PositiveSmallIntegerField(_("priority"), default=1, help_text=_("1 = first choice"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agent", "queue"], name="agentskill_unique")]


class Interface(models.Model):
    """The extension table: how the phone system names an agent (PJSIP/201, SIP/201, Local/201@…,
    or the member name Asterisk writes on pauses and calls). The queue_log import keeps the first
    and last line it saw under each name, so an admin can tell whom a name it could not pair is."""

    name = models.CharField(_("interface"), max_length=120, unique=True)
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="interfaces")
    first_seen_at = models.DateTimeField(_("first seen"), null=True, blank=True)
    first_line = models.TextField(_("first line"), blank=True, db_default="", default="")
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    last_line = models.TextField(_("last line"), blank=True, db_default="", default="")

    class Meta:
        verbose_name = _("interface")
        verbose_name_plural = _("extension table")

    def __str__(self) -> str:
        return self.name


class AgentStateChange(models.Model):
    """An agent's state from `started_at` until `ended_at` (open while current): the raw material
    of actual hours and the use of working time."""

    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="state_changes")
    state = models.CharField(max_length=12, choices=AgentState.choices)
    reason = models.CharField(max_length=100, blank=True)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=20)  # desktop, api, telephony, queue_log
    source_ref = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # queue_log: the name the line gave the agent (re-mapping that name moves its spans).
    interface = models.CharField(max_length=120, blank=True, db_default="", default="")
    # The log ended while the agent was in this state: `ended_at` is the log's last line, not a
    # change of the agent's (a grown file's next change of the agent replaces it).
    cut_at_log_end = models.BooleanField(db_default=False, default=False)

    class Meta:
        ordering = ["agent", "started_at", "id"]
        indexes = [models.Index(fields=["agent", "started_at"], name="agentstate_agent_start")]


class CallOutcome(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    ANSWERED = "answered", _("Answered")
    ABANDONED = "abandoned", _("Abandoned")
    TIMED_OUT = "timed_out", _("Left at the queue timeout")
    EXITED = "exited", _("Left the queue otherwise")
    WITHDRAWN = "withdrawn", _("Withdrawn by the system")


class Call(models.Model):
    """A call that entered a queue (a queue call), folded from its telephony events.

    A customer's call that enters several queues (a failover from one queue to the next) is one
    queue call per entry: `call_id` is the phone system's id for the first entry and `<id>#<n>` for
    the n-th, `customer_call_id` the phone system's id shared by all of them (blank: the same as
    `call_id`, a call of the live API)."""

    call_id = models.CharField(max_length=80, unique=True)
    customer_call_id = models.CharField(max_length=80, blank=True, db_default="", default="", db_index=True)
    entry = models.PositiveSmallIntegerField(db_default=1, default=1)
    did = models.CharField(_("dialled number"), max_length=40, blank=True, db_default="", default="")
    queue = models.ForeignKey(Queue, on_delete=models.PROTECT, related_name="calls")
    caller = models.CharField(max_length=40, blank=True)
    entered_at = models.DateTimeField()
    # Stored at arrival (Europe/Tallinn): reports never convert time zones at query time.
    local_date = models.DateField()
    slot = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=10, choices=CallOutcome.choices, default=CallOutcome.WAITING)
    agent = models.ForeignKey(Agent, on_delete=models.SET_NULL, null=True, blank=True, related_name="calls")
    answered_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    wait_seconds = models.FloatField(null=True, blank=True)
    talk_seconds = models.FloatField(default=0)
    hold_seconds = models.FloatField(default=0)
    acw_seconds = models.FloatField(default=0)
    transferred = models.BooleanField(default=False)

    class Meta:
        permissions = [
            ("route_call", "Can route calls to agents"),
            ("view_call_stats", "Can see call statistics"),
        ]
        indexes = [
            models.Index(fields=["queue", "local_date", "slot"], name="call_queue_slot"),
            models.Index(fields=["agent", "local_date", "slot"], name="call_agent_slot"),
            models.Index(fields=["outcome"], name="call_waiting", condition=Q(outcome="waiting")),
        ]

    def __str__(self) -> str:
        return self.call_id


class TelephonyEvent(models.Model):
    """Every event the phone system sent (API) or wrote (queue_log), once: the source of truth a
    call is folded from, so repeats are ignored and late events are placed where they belong."""

    class Kind(models.TextChoices):
        OFFERED = "offered"
        RINGING = "ringing"
        NOANSWER = "noanswer"
        ANSWERED = "answered"
        TRANSFERRED = "transferred"
        HOLD = "hold"
        UNHOLD = "unhold"
        ENDED = "ended"
        ABANDONED = "abandoned"
        TIMEOUT = "timeout"
        EXIT = "exit"
        WITHDRAWN = "withdrawn"
        DID = "did"

    event_id = models.CharField(max_length=80, unique=True)
    call_id = models.CharField(max_length=80, db_index=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    at = models.DateTimeField()
    queue = models.CharField(max_length=50, blank=True)
    agent = models.CharField(max_length=120, blank=True)
    data = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=10)  # api, queue_log

    class Meta:
        ordering = ["at", "id"]


class Figures(models.Model):
    """The sums from which every figure of domain.md follows."""

    offered = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    answered_in_sl = models.PositiveIntegerField(default=0)
    abandoned = models.PositiveIntegerField(default=0)  # excluding short abandons
    short_abandoned = models.PositiveIntegerField(default=0)
    timed_out = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0, db_default=0)
    wait_answered = models.FloatField(default=0)
    max_wait = models.FloatField(default=0)
    handled = models.PositiveIntegerField(default=0)
    handle_time = models.FloatField(default=0)  # talk + hold + after-call work

    class Meta:
        abstract = True


class CallFigures(Figures):
    """Sums for one 15-minute slot."""

    local_date = models.DateField()
    slot = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True


class QueueDay(Figures):
    """A queue's whole day: the sum of its QueueInterval rows, rebuilt with them under the same
    lock. Reports by day, week or month read a year from 1,460 rows instead of 130,000 slots."""

    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, related_name="+", db_index=False)
    local_date = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["queue", "local_date"], name="queueday_unique")]
        indexes = [models.Index(fields=["local_date"], name="queueday_day")]


class QueueInterval(CallFigures):
    # No index of its own: the unique (queue, local_date, slot) serves it, and the planner took the
    # bare queue index for a month's report, filtering a whole history of the queue's slots.
    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["queue", "local_date", "slot"], name="queueinterval_unique")
        ]


class AgentInterval(CallFigures):
    """Calls an agent answered in a queue, by the slot they entered it."""

    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, related_name="+")
    # Served by the unique (agent, …) and the (agent, local_date) index, as below.
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agent", "queue", "local_date", "slot"], name="agentinterval_unique"
            )
        ]
        indexes = [models.Index(fields=["agent", "local_date"], name="agentinterval_agent_day")]


class AgentStateInterval(models.Model):
    """Seconds an agent spent in each state within a slot."""

    # Served by the unique (agent, local_date, slot, state).
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="+", db_index=False)
    local_date = models.DateField()
    slot = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=12, choices=AgentState.choices)
    seconds = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agent", "local_date", "slot", "state"], name="agentstateinterval_unique"
            )
        ]
        indexes = [models.Index(fields=["local_date", "agent"], name="agentstateinterval_day")]


class AgentStateMark(models.Model):
    """An agent whose state rollups are out of date from `since` on. Append-only: a writer only
    INSERTs (never waits on another writer's mark); the sweep deletes the marks it has taken and
    rebuilds; reports add what the marks say is not rolled up yet, computed without writing."""

    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="+", db_index=False)
    since = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["agent", "since"], name="agentstatemark_agent")]


class CallSlotMark(models.Model):
    """A queue's slot whose call rollups are out of date (a call in it changed). Append-only like
    AgentStateMark; the sweep rebuilds the slot from the raw calls and deletes the marks it took."""

    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, related_name="+", db_index=False)
    local_date = models.DateField()
    slot = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["local_date", "queue", "slot"], name="callslotmark_day")]
