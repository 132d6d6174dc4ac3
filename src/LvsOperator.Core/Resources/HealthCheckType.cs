using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

[JsonConverter(typeof(JsonStringEnumConverter<HealthCheckType>))]
public enum HealthCheckType
{
    /// <summary>No agent check: every real server counts as up.</summary>
    [JsonStringEnumMemberName("None")] None,
    /// <summary>A TCP connect (keepalived's <c>TCP_CHECK</c>).</summary>
    [JsonStringEnumMemberName("TCP")] Tcp,
    /// <summary>An HTTP GET (keepalived's <c>HTTP_GET</c>).</summary>
    [JsonStringEnumMemberName("HTTP")] Http,
    /// <summary>An HTTP GET over TLS (keepalived's <c>SSL_GET</c>).</summary>
    [JsonStringEnumMemberName("HTTPS")] Https,
    /// <summary>A DNS query over UDP (keepalived's <c>DNS_CHECK</c>).</summary>
    [JsonStringEnumMemberName("DNS")] Dns,
}
