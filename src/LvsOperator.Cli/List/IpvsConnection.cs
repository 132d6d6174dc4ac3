using System.Net;

namespace LvsOperator.Cli.List;

/// <summary>
/// One line of <c>/proc/net/ip_vs_conn</c>: a connection, or a persistence template (client port 0,
/// state <c>NONE</c>). <see cref="PersistenceEngine"/> and <see cref="PersistenceData"/> are set only
/// for connections of a service with a persistence engine (e.g. <c>sip</c> and the Call-ID).
/// </summary>
internal sealed record IpvsConnection(
    string Protocol,
    IPAddress ClientAddress,
    ushort ClientPort,
    IPAddress VirtualAddress,
    ushort VirtualPort,
    IPAddress DestinationAddress,
    ushort DestinationPort,
    string State,
    uint ExpiresSeconds,
    string? PersistenceEngine = null,
    string? PersistenceData = null);
