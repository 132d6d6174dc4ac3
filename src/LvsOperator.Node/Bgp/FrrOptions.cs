namespace LvsOperator.Node.Bgp;

/// <summary>Where FRR is, as the chart's sidecar shares it with the agent (its config volume and its vty sockets).</summary>
public sealed record FrrOptions
{
    /// <summary>The integrated configuration the agent owns; it holds MD5 passwords, so it is written 0600.</summary>
    public string ConfigPath { get; init; } = "/etc/frr/frr.conf";

    /// <summary>FRR's reload tool (Debian package frr-pythontools): applies the difference, keeps established sessions.</summary>
    public string ReloadTool { get; init; } = "/usr/lib/frr/frr-reload.py";

    public string Vtysh { get; init; } = "/usr/bin/vtysh";

    /// <summary>FRR's <c>-N</c> pathspace, for a daemon set whose sockets are under /var/run/frr/NAME; null for the default.</summary>
    public string? Pathspace { get; init; }
}
