namespace LvsOperator.Hosting;

/// <summary>Where the status endpoint listens, and how recent a successful cycle must be for /readyz.</summary>
public sealed class StatusServerOptions
{
    /// <summary>
    /// Where to listen, as the <c>HttpListener</c> prefix it once was or a plain socket address: <c>http://+:9473/</c>
    /// or <c>*:9473</c> (every address), <c>http://127.0.0.1:9473/</c>, <c>[::1]:9473</c>, <c>localhost:9473</c>.
    /// Never a host name: the socket is bound without DNS (<see cref="StatusEndpoint"/>). Empty turns it off.
    /// </summary>
    public string Address { get; set; } = "";

    public TimeSpan ReadyWithin { get; set; } = TimeSpan.FromSeconds(30);
}
