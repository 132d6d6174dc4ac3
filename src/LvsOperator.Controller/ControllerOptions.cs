namespace LvsOperator.Controller;

/// <summary>The controller's settings (configuration section <c>Controller</c>, or the command-line switches in Program).</summary>
public sealed class ControllerOptions
{
    public const string Section = "Controller";

    /// <summary>Only the holder of the Lease writes; a standby keeps its caches warm and takes over when the Lease lapses.</summary>
    public bool LeaderElect { get; set; } = true;

    public string LeaderElectionNamespace { get; set; } = Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "";

    public string LeaderElectionId { get; set; } = "lvs-operator-controller";

    /// <summary>
    /// How long a Lease holds without renewal. A standby counts it from when it first saw the last renewal and
    /// notices on its next try, so after a leader dies without a word the takeover comes within
    /// LeaseDuration + 2 × (RetryPeriod + one API request): under 19 s and a round trip or two with the defaults
    /// (15.3-18.4 s measured, issue 12). A leader that stops gracefully releases the Lease, and a standby then
    /// takes over within RetryPeriod + one request.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long the leader keeps trying to renew before it stops writing. The window opens RetryPeriod after the
    /// last renewal, so RetryPeriod + RenewDeadline must stay under LeaseDuration, with room for a slow request.
    /// </summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the Lease is tried (standbys) or renewed (the leader), and an unreachable API server tried again.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>This replica's name in the Lease.</summary>
    public string Identity { get; set; } = Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName;

    /// <summary>Nodes that may direct (<c>key=value,key=value</c>); a VirtualService's nodeSelector picks among them. Empty: every node.</summary>
    public string DirectorSelector { get; set; } = "";

    /// <summary>
    /// Where /metrics, /healthz and /readyz are served: <c>http://+:PORT/</c>, <c>*:PORT</c>, <c>IP:PORT</c> or
    /// <c>[IPv6]:PORT</c>, bound without DNS (StatusEndpoint); empty turns them off.
    /// </summary>
    public string StatusAddress { get; set; } = "http://+:8080/";

    /// <summary>
    /// Also serve LoadBalancer Services that name no <c>spec.loadBalancerClass</c>, as the cluster's default
    /// implementation. Off: only class <c>lvsoperator.io/lvs</c>, so another implementation can own the rest.
    /// </summary>
    public bool DefaultLoadBalancer { get; set; }

    /// <summary>How often everything is decided again even when no watch event came.</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(1);
}
