namespace LvsOperator.Agent;

/// <summary>The agent's settings (configuration section <c>Agent</c>, or the command-line switches in Program).</summary>
public sealed class AgentOptions
{
    public const string Section = "Agent";

    /// <summary>This node's name: which director selections and RealServer.nodeName entries are its own.</summary>
    public string NodeName { get; set; } = Environment.MachineName;

    /// <summary>This node's labels, for spec.directors.nodeSelector, as <c>key=value,key=value</c>.</summary>
    public string NodeLabels { get; set; } = "";

    /// <summary>
    /// Standalone mode: a folder of VirtualService/RealServer manifests, reloaded when it changes. Empty: cluster
    /// mode, watching this node's NodeSlices on the API server that <c>KubeClientOptions</c> leads to.
    /// </summary>
    public string Manifests { get; set; } = "";

    /// <summary>Where the ownership ledger lives; it must survive restarts of the agent.</summary>
    public string StateDirectory { get; set; } = "/var/lib/lvs-operator";

    /// <summary>How often the node is re-read even when nothing changed, to repair drift and finish drains.</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a removed real server may keep its connections (weight 0) before the director deletes it; on a
    /// DR/TUN real server, how long a removed VIP stays on <c>lo</c>/<c>tunl0</c> for those connections.
    /// </summary>
    public TimeSpan DrainGracePeriod { get; set; } = TimeSpan.FromSeconds(900);

    /// <summary>
    /// Where /metrics, /healthz and /readyz are served: <c>http://+:PORT/</c>, <c>*:PORT</c>, <c>IP:PORT</c> or
    /// <c>[IPv6]:PORT</c>, bound without DNS (StatusEndpoint); empty turns them off.
    /// </summary>
    public string StatusAddress { get; set; } = "http://+:9473/";

    /// <summary>The dummy link that holds director VIPs.</summary>
    public string DirectorInterface { get; set; } = "lvs0";

    /// <summary>Where VRRP advertisements go for a failover group that names no interface; empty: the first interface with an address.</summary>
    public string FailoverInterface { get; set; } = "";

    /// <summary>
    /// SCHED_RR priority (1-99) of each VRRP router's advertisement thread, as keepalived's <c>vrrp_rt_priority</c>:
    /// on a busy node it still runs the moment an advertisement is due. 0 leaves it at the normal policy. Needs
    /// CAP_SYS_NICE (or an RLIMIT_RTPRIO); refused, the agent logs a warning and goes on without.
    /// </summary>
    public int VrrpRealTimePriority { get; set; } = 10;

    /// <summary>
    /// Lock every page of the agent in memory (<c>mlockall(MCL_CURRENT | MCL_FUTURE)</c>, keepalived's
    /// <c>vrrp_no_swap</c>), so a node under memory pressure cannot stall the election on a page fault. Costs the
    /// agent's whole mapped size in resident memory; needs CAP_IPC_LOCK (or an RLIMIT_MEMLOCK that large).
    /// </summary>
    public bool LockMemory { get; set; }

    /// <summary>
    /// Announce active/active VIPs through the FRR beside the agent (issue 17): the chart's sidecar shares its config
    /// volume and vty sockets. Off, the agent never touches FRR, and active/active VIPs are programmed but not announced.
    /// </summary>
    public bool Bgp { get; set; }

    /// <summary>The BGP identifier (an IPv4 address, usually the node's); empty lets FRR choose.</summary>
    public string BgpRouterId { get; set; } = "";

    /// <summary>
    /// How long a stopping agent may take to withdraw its VIPs from FRR (one vtysh change, normally well under a
    /// second) before the rest of its shutdown goes on regardless.
    /// </summary>
    public TimeSpan BgpWithdrawTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The host's shutdown timeout: the services' own 30 s, after the BGP withdrawal's bound when there is one.</summary>
    public TimeSpan ShutdownTimeout => TimeSpan.FromSeconds(30) + (Bgp ? BgpWithdrawTimeout : TimeSpan.Zero);

    /// <summary>FRR's <c>-N</c> pathspace of the daemons to drive; empty for the default.</summary>
    public string FrrPathspace { get; set; } = "";
}
