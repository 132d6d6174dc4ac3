namespace LvsOperator.EnvTest;

/// <summary>How a <see cref="KubeApiServer"/> is started.</summary>
public sealed record ApiServerOptions
{
    /// <summary>More names for the serving certificate besides 127.0.0.1, ::1 and localhost (e.g. a VM's gateway, 10.0.2.100).</summary>
    public IReadOnlyList<string> ExtraServingNames { get; init; } = [];

    public string ServiceClusterIpRange { get; init; } = "10.96.0.0/24";

    /// <summary>Flags added to kube-apiserver's own (<c>--flag=value</c>).</summary>
    public IReadOnlyList<string> ExtraApiServerArguments { get; init; } = [];

    /// <summary>How long start-up may take before the server counts as broken.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
