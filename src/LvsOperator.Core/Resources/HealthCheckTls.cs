namespace LvsOperator.Core.Resources;

/// <summary>TLS settings of an HTTPS check.</summary>
public sealed record HealthCheckTls
{
    /// <summary>SNI and the name the certificate must carry; absent means the HTTP host, else the address.</summary>
    public string? ServerName { get; init; }

    /// <summary>Accept any certificate (self-signed back ends); the handshake still has to complete.</summary>
    public bool InsecureSkipVerify { get; init; }
}
