namespace LvsOperator.Core.Resources;

/// <summary>Client affinity (ipvsadm <c>-p</c> and <c>-M</c>).</summary>
public sealed record Persistence
{
    /// <summary>ipvsadm's default persistence timeout.</summary>
    public const int DefaultTimeoutSeconds = 300;

    public int TimeoutSeconds { get; init; } = DefaultTimeoutSeconds;

    /// <summary>Clients sharing this many leading address bits share a real server (default: the whole address).</summary>
    public int? PrefixLength { get; init; }

    /// <summary>Persistence engine such as <c>sip</c> (ipvsadm <c>--pe</c>).</summary>
    public string? Engine { get; init; }
}
