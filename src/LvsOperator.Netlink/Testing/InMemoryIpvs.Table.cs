using System.Net;
using LvsOperator.Netlink.Ipvs;

namespace LvsOperator.Netlink.Testing;

public sealed partial class InMemoryIpvs
{
    private NetlinkException? Apply(IpvsOperation operation)
    {
        try
        {
            switch (operation.Kind)
            {
                case IpvsOperationKind.AddService: AddService(operation.Service!); break;
                case IpvsOperationKind.UpdateService: UpdateService(operation.Service!); break;
                case IpvsOperationKind.DeleteService: DeleteService(operation.ServiceKey); break;
                case IpvsOperationKind.AddDestination: AddDestination(operation.ServiceKey, operation.Destination!); break;
                case IpvsOperationKind.UpdateDestination: UpdateDestination(operation.ServiceKey, operation.Destination!); break;
                case IpvsOperationKind.DeleteDestination: DeleteDestination(operation.ServiceKey, operation.Destination!.Key); break;
                default: throw new ArgumentOutOfRangeException(nameof(operation));
            }

            return null;
        }
        catch (NetlinkException e)
        {
            return e;
        }
    }

    private void AddService(IpvsService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        const string op = "IPVS_CMD_NEW_SERVICE";
        if (_services.ContainsKey(service.Key))
        {
            throw new NetlinkException(Errnos.EEXIST, op, null);
        }

        _services.Add(service.Key, new Entry(Normalize(service, op)));
    }

    private void UpdateService(IpvsService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        const string op = "IPVS_CMD_SET_SERVICE";
        Find(service.Key, op).Service = Normalize(service, op);
    }

    private void DeleteService(IpvsServiceKey key)
    {
        if (!_services.Remove(key))
        {
            throw new NetlinkException(Errnos.ESRCH, "IPVS_CMD_DEL_SERVICE", null);
        }
    }

    private void AddDestination(IpvsServiceKey service, IpvsDestination destination)
    {
        const string op = "IPVS_CMD_NEW_DEST";
        Entry entry = Find(service, op);
        IpvsDestination normalized = Normalize(entry, destination, op);
        if (!entry.Destinations.TryAdd(destination.Key, normalized))
        {
            throw new NetlinkException(Errnos.EEXIST, op, null);
        }

        entry.Order.Insert(0, destination.Key);
    }

    private void UpdateDestination(IpvsServiceKey service, IpvsDestination destination)
    {
        const string op = "IPVS_CMD_SET_DEST";
        Entry entry = Find(service, op);
        IpvsDestination normalized = Normalize(entry, destination, op);
        if (!entry.Destinations.ContainsKey(destination.Key))
        {
            throw new NetlinkException(Errnos.ENOENT, op, null);
        }

        entry.Destinations[destination.Key] = normalized;
    }

    private void DeleteDestination(IpvsServiceKey service, IpvsDestinationKey destination)
    {
        const string op = "IPVS_CMD_DEL_DEST";
        Entry entry = Find(service, op);
        if (!entry.Destinations.Remove(destination))
        {
            throw new NetlinkException(Errnos.ENOENT, op, null);
        }

        entry.Order.Remove(destination);
    }

    private Entry Find(IpvsServiceKey key, string operation) =>
        _services.TryGetValue(key, out Entry? entry) ? entry : throw new NetlinkException(Errnos.ESRCH, operation, null);

    /// <summary>What the kernel stores and reports back: hashed flag set, zero statistics.</summary>
    private static IpvsService Normalize(IpvsService service, string operation)
    {
        if (!Schedulers.Contains(service.Scheduler))
        {
            throw new NetlinkException(Errnos.ENOENT, operation, null);
        }

        if (service.PersistenceEngine is { Length: > 0 } engine && engine != "sip")
        {
            throw new NetlinkException(Errnos.ENOENT, operation, null);
        }

        return service with
        {
            Flags = service.Flags | IpvsServiceFlags.Hashed,
            PersistenceEngine = string.IsNullOrEmpty(service.PersistenceEngine) ? null : service.PersistenceEngine,
            Stats = IpvsStats.Zero,
        };
    }

    private static IpvsDestination Normalize(Entry entry, IpvsDestination destination, string operation)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Weight < 0 || destination.LowerThreshold > destination.UpperThreshold)
        {
            throw new NetlinkException(Errnos.ERANGE, operation, null);
        }

        if (destination.Family != entry.Service.Key.Family && destination.ForwardingMethod != IpvsForwardingMethod.Tunnel)
        {
            throw new NetlinkException(Errnos.EINVAL, operation, null);
        }

        return destination with
        {
            ActiveConnections = 0,
            InactiveConnections = 0,
            PersistentConnections = 0,
            Stats = IpvsStats.Zero,
        };
    }

    /// <summary>The kernel fills unset sync parameters: group 224.0.0.81 (ff02::8:81 for IPv6), port 8848, TTL 1.</summary>
    private static IpvsSyncDaemon WithDefaults(IpvsSyncDaemon daemon) => daemon with
    {
        MulticastGroup = daemon.MulticastGroup ?? IPAddress.Parse("224.0.0.81"),
        MulticastPort = daemon.MulticastPort ?? 8848,
        MulticastTtl = daemon.MulticastTtl ?? 1,
        SyncMaxLength = daemon.SyncMaxLength ?? 1472,
    };
}
