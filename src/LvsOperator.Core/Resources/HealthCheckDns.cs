namespace LvsOperator.Core.Resources;

/// <summary>The query a DNS check sends (keepalived's <c>DNS_CHECK</c> <c>name</c> and <c>type</c>).</summary>
public sealed record HealthCheckDns
{
    public string QueryName { get; init; } = "";
    public HealthCheckDnsType QueryType { get; init; } = HealthCheckDnsType.A;
}
