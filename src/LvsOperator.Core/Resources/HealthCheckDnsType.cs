using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

/// <summary>Query types a DNS check may ask for; the values are the RFC 1035 §3.2.2 / RFC 3596 TYPE codes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HealthCheckDnsType>))]
public enum HealthCheckDnsType
{
    [JsonStringEnumMemberName("A")] A = 1,
    [JsonStringEnumMemberName("NS")] NS = 2,
    [JsonStringEnumMemberName("CNAME")] Cname = 5,
    [JsonStringEnumMemberName("SOA")] Soa = 6,
    [JsonStringEnumMemberName("PTR")] DomainNamePointer = 12,
    [JsonStringEnumMemberName("MX")] MX = 15,
    [JsonStringEnumMemberName("TXT")] Txt = 16,
    [JsonStringEnumMemberName("AAAA")] Aaaa = 28,
    [JsonStringEnumMemberName("SRV")] Srv = 33,
}
