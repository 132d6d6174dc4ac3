namespace LvsOperator.Core.Resources;

/// <summary>The GET an HTTP or HTTPS check sends and the answer it accepts.</summary>
public sealed record HealthCheckHttp
{
    public const string DefaultPath = "/";

    /// <summary>What <see cref="ExpectedStatuses"/> absent means: any success or redirect.</summary>
    public const string DefaultExpectedStatuses = "200-399";

    public string Path { get; init; } = DefaultPath;

    /// <summary>Host header; absent means the real server's address.</summary>
    public string? Host { get; init; }

    /// <summary>Status codes (<c>200</c>) or inclusive ranges (<c>200-399</c>); absent means 200-399.</summary>
    public IReadOnlyList<string>? ExpectedStatuses { get; init; }

    /// <summary>A substring the body must contain.</summary>
    public string? BodyContains { get; init; }
}
