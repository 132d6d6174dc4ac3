namespace LvsOperator.Hosting;

/// <summary>Where the status endpoint listens, and how recent a successful cycle must be for /readyz.</summary>
public sealed class StatusServerOptions
{
    /// <summary>An HttpListener prefix such as <c>http://+:9473/</c>; empty turns the endpoint off.</summary>
    public string Address { get; set; } = "";

    public TimeSpan ReadyWithin { get; set; } = TimeSpan.FromSeconds(30);
}
