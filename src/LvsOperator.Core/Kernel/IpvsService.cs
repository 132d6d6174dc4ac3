namespace LvsOperator.Core.Kernel;

/// <summary>The settings of one IPVS service, as <c>IPVS_CMD_NEW_SERVICE</c> carries them.</summary>
/// <param name="PersistenceTimeoutSeconds">Meaningful only with <see cref="ServiceFlags.Persistent"/>.</param>
/// <param name="PersistencePrefixLength">Netmask as a prefix length: the kernel takes a mask for IPv4 and a length for IPv6.</param>
public sealed record IpvsService(
    ServiceKey Key,
    string Scheduler,
    ServiceFlags Flags = ServiceFlags.None,
    uint PersistenceTimeoutSeconds = 0,
    int PersistencePrefixLength = 32,
    string? PersistenceEngine = null)
{
    public bool IsPersistent => Flags.HasFlag(ServiceFlags.Persistent);

    /// <summary>
    /// Whether the kernel must be told anything to turn this into <paramref name="other"/>: persistence
    /// settings count only for persistent services, since the kernel ignores them otherwise.
    /// </summary>
    public bool SameSettings(IpvsService other) =>
        Key == other.Key
        && Scheduler == other.Scheduler
        && Flags == other.Flags
        && (!IsPersistent
            || (PersistenceTimeoutSeconds == other.PersistenceTimeoutSeconds
                && PersistencePrefixLength == other.PersistencePrefixLength
                && (PersistenceEngine ?? "") == (other.PersistenceEngine ?? "")));
}
