namespace LvsOperator.KubeConfig;

/// <summary>
/// Which API server a host talks to, and as whom (configuration section <c>Kubernetes</c>, or the switches in
/// <see cref="Switches"/>). All empty: client-go's loading rules pick (see <see cref="KubeConfigRules"/>).
/// </summary>
public sealed class KubeClientOptions
{
    public const string Section = "Kubernetes";

    /// <summary>The command-line switches, for <c>LvsHost.CreateBuilder</c>.</summary>
    public static IReadOnlyDictionary<string, string> Switches { get; } = new Dictionary<string, string>
    {
        ["--kubeconfig"] = $"{Section}:{nameof(Kubeconfig)}",
        ["--context"] = $"{Section}:{nameof(Context)}",
        ["--api-server"] = $"{Section}:{nameof(ApiServer)}",
    };

    /// <summary>A kubeconfig file; it must exist, and it alone is read (client-go's explicit path).</summary>
    public string Kubeconfig { get; set; } = "";

    /// <summary>The kubeconfig context to use instead of its <c>current-context</c>.</summary>
    public string Context { get; set; } = "";

    /// <summary>
    /// A bare API server URL, with no credentials and no kubeconfig: tests against a local server, or
    /// <c>kubectl proxy</c>.
    /// </summary>
    public string ApiServer { get; set; } = "";

    /// <summary>Whether anything here was set (the agent's standalone mode takes none of it).</summary>
    public bool IsSet => Kubeconfig.Length + Context.Length + ApiServer.Length > 0;
}
