namespace LvsOperator.Kubernetes.Models;

public sealed record NodeAddress
{
    public const string InternalIP = "InternalIP";
    public const string ExternalIP = "ExternalIP";
    public const string Hostname = "Hostname";

    /// <summary><c>InternalIP</c>, <c>ExternalIP</c>, <c>Hostname</c>, ...</summary>
    public string Type { get; init; } = "";

    public string Address { get; init; } = "";
}
