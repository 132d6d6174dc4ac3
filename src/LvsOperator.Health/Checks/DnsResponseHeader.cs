namespace LvsOperator.Health.Checks;

/// <summary>The ID and RCODE of a DNS response (RFC 1035 section 4.1.1).</summary>
internal readonly record struct DnsResponseHeader(ushort Id, int ResponseCode);
