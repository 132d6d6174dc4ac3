using System.Collections.Immutable;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Netlink;
using LvsOperator.Netlink.Fou;
using LvsOperator.Netlink.Ipvs;
using LvsOperator.Netlink.Nftables;
using LvsOperator.Netlink.Route;
using LvsOperator.Netlink.Sysctl;
using LvsOperator.Node.Ipvs;
using LvsOperator.Node.Nat;
using CoreAddress = LvsOperator.Core.Kernel.InterfaceAddress;

namespace LvsOperator.Node.Kernel;

/// <summary>
/// The real kernel of the calling thread's network namespace, over generic netlink (IPVS, fou), rtnetlink
/// (links, addresses), nfnetlink (the source-NAT table) and /proc/sys. Consecutive IPVS operations go to the
/// kernel as one pipelined batch; consecutive nftables changes as one atomic transaction.
/// </summary>
public sealed class NetlinkNodeKernel(IIpvsClient ipvs, RouteNetlinkClient route, SysctlClient sysctls) : INodeKernel, IDisposable
{
    // Opened on first use: a node that never needs source NAT never opens an nfnetlink socket.
    private NftablesClient? _nftables;

    private NftablesClient Nftables => _nftables ??= NftablesClient.Open(SourceNatRules.Table, SourceNatRules.Chain);

    // Likewise fou: opening it may load the module, which only a GUE real server needs.
    private FouClient? _fou;

    private async Task<FouClient> FouAsync(CancellationToken cancellationToken) => _fou ??= await FouClient.OpenAsync(cancellationToken: cancellationToken);

    public static async Task<NetlinkNodeKernel> OpenAsync(CancellationToken cancellationToken)
    {
        var ipvs = await IpvsClient.OpenAsync(cancellationToken: cancellationToken);
        return new NetlinkNodeKernel(ipvs, RouteNetlinkClient.Open(), new SysctlClient());
    }

    public async Task<ObservedState> ReadAsync(KernelScope scope, CancellationToken cancellationToken)
    {
        var services = ImmutableDictionary.CreateBuilder<ServiceKey, ObservedService>();
        foreach (var service in await ipvs.GetServicesAsync(cancellationToken))
        {
            if (IpvsMapping.FromNetlink(service, []) is not { } settings) continue;
            services[settings.Service.Key] = scope.Known.TryGetValue(settings.Service.Key, out var known) && known.Service == settings.Service
                ? known
                : IpvsMapping.FromNetlink(service, await ipvs.GetDestinationsAsync(service.Key, cancellationToken))!;
        }

        var links = await route.GetLinksAsync(cancellationToken);
        var names = links.ToDictionary(l => l.Index, l => l.Name);
        var addresses = (await route.GetAddressesAsync(cancellationToken: cancellationToken))
            .Where(a => names.ContainsKey(a.InterfaceIndex))
            .Select(a => new CoreAddress(names[a.InterfaceIndex], a.Address))
            .ToImmutableHashSet();

        return new ObservedState(
            services.ToImmutable(),
            addresses,
            links.ToImmutableDictionary(l => l.Name, l => new ObservedLink(l.Name, l.IsUp)),
            ReadSysctls(scope.Sysctls))
        {
            SourceNat = scope.SourceNat ? await ReadSourceNatAsync(cancellationToken) : ObservedSourceNat.Absent,
            FouPorts = scope.FouPorts ? await ReadFouPortsAsync(cancellationToken) : ImmutableDictionary<FouPortKey, bool>.Empty,
        };
    }

    public async Task<IReadOnlyDictionary<ServiceKey, ObservedService>> ReadServicesAsync(
        IReadOnlyCollection<ServiceKey> services, CancellationToken cancellationToken)
    {
        var read = new Dictionary<ServiceKey, ObservedService>();
        foreach (var key in services)
        {
            if (await ServiceOrNullAsync(key, cancellationToken) is not { } service) continue;
            read[key] = IpvsMapping.FromNetlink(service, await ipvs.GetDestinationsAsync(service.Key, cancellationToken))!;
        }

        return read;
    }

    private async Task<LvsOperator.Netlink.Ipvs.IpvsService?> ServiceOrNullAsync(ServiceKey key, CancellationToken cancellationToken)
    {
        try
        {
            return await ipvs.GetServiceAsync(IpvsMapping.ToNetlink(key), cancellationToken);
        }
        catch (NetlinkException e) when (e.IsNotFound)
        {
            return null; // IPVS answers ESRCH for a service it does not hold (ip_vs_ctl.c, ip_vs_genl_get_cmd)
        }
    }

    /// <summary>By port and family; a second port with the same key (bound to another address) makes the key not plain GUE.</summary>
    private async Task<ImmutableDictionary<FouPortKey, bool>> ReadFouPortsAsync(CancellationToken cancellationToken) =>
        (await (await FouAsync(cancellationToken)).GetPortsAsync(cancellationToken))
        .GroupBy(p => new FouPortKey(p.Port, p.Family))
        .ToImmutableDictionary(g => g.Key, g => g.All(p => p is { Encapsulation: FouEncapsulation.Gue, Bound: false }));

    private async Task<ObservedSourceNat> ReadSourceNatAsync(CancellationToken cancellationToken)
    {
        var chain = await Nftables.ReadAsync(cancellationToken);
        return new ObservedSourceNat(chain.TableExists, chain.ChainExists,
            chain.Rules.Select(r => new ObservedNatRule(r.Handle, SourceNatRules.Parse(r.Comment))).ToImmutableList());
    }

    public async Task<IReadOnlyList<OperationOutcome>> ApplyAsync(IReadOnlyList<Operation> operations, CancellationToken cancellationToken)
    {
        var outcomes = new List<OperationOutcome>(operations.Count);
        for (var i = 0; i < operations.Count;)
        {
            var batch = operations.Skip(i).TakeWhile(o => IpvsOperations.TryMap(o) is not null).ToList();
            if (batch.Count > 0)
            {
                var result = await ipvs.ExecuteAsync(batch.Select(o => IpvsOperations.TryMap(o)!).ToList(), cancellationToken);
                outcomes.AddRange(batch.Select((o, n) => new OperationOutcome(o, result.GetError(n))));
                i += batch.Count;
                continue;
            }

            var changes = operations.Skip(i).Select(SourceNatRules.TryMap).TakeWhile(c => c is not null).Select(c => c!).ToList();
            if (changes.Count > 0)
            {
                var error = await CommitAsync(changes, cancellationToken);
                outcomes.AddRange(operations.Skip(i).Take(changes.Count).Select(o => new OperationOutcome(o, error)));
                i += changes.Count;
                continue;
            }

            outcomes.Add(await ApplyOneAsync(operations[i], cancellationToken));
            i++;
        }

        return outcomes;
    }

    /// <returns>Null when the transaction committed; else its error, which is every change's: none was applied.</returns>
    private async Task<Exception?> CommitAsync(IReadOnlyList<NftablesChange> changes, CancellationToken cancellationToken)
    {
        try
        {
            await Nftables.CommitAsync(changes, cancellationToken);
            return null;
        }
        catch (NetlinkException e)
        {
            return e;
        }
    }

    private async Task<OperationOutcome> ApplyOneAsync(Operation operation, CancellationToken cancellationToken)
    {
        try
        {
            switch (operation)
            {
                case SetSysctl op: sysctls.Write(op.Name, op.Value); break;
                case RestoreSysctl op: sysctls.Write(op.Name, op.Original); break;
                case CreateLink op: await route.CreateDummyLinkAsync(op.Name, cancellationToken); break;
                case RequestLink op: NetworkDeviceRequest.Request(op.Name); break;
                case SetLinkUp op: await route.SetLinkUpAsync(await IndexOfAsync(op.Name, cancellationToken), up: true, cancellationToken); break;
                case SetLinkDown op: await route.SetLinkUpAsync(await IndexOfAsync(op.Name, cancellationToken), up: false, cancellationToken); break;
                case DeleteLink op: await route.DeleteLinkAsync(await IndexOfAsync(op.Name, cancellationToken), cancellationToken); break;
                case AddAddress op: await route.AddVirtualAddressAsync(await IndexOfAsync(op.Address.Interface, cancellationToken), op.Address.Address, cancellationToken); break;
                case DeleteAddress op: await route.DeleteVirtualAddressAsync(await IndexOfAsync(op.Address.Interface, cancellationToken), op.Address.Address, cancellationToken); break;
                case AddGuePort op: await (await FouAsync(cancellationToken)).AddGuePortAsync(op.Port.Port, op.Port.Family, cancellationToken); break;
                case DeleteGuePort op: await (await FouAsync(cancellationToken)).DeletePortAsync(op.Port.Port, op.Port.Family, cancellationToken); break;
                default: throw new ArgumentOutOfRangeException(nameof(operation), operation, "not a node operation");
            }

            return new OperationOutcome(operation, null);
        }
        catch (Exception e) when (e is NetlinkException or IOException or UnauthorizedAccessException or KeyNotFoundException)
        {
            return new OperationOutcome(operation, e);
        }
    }

    private async Task<int> IndexOfAsync(string link, CancellationToken cancellationToken) => (await route.GetLinkAsync(link, cancellationToken)).Index;

    /// <summary>A sysctl that does not exist (its module not loaded) is absent, not an error: the planner reports it.</summary>
    private ImmutableDictionary<string, string> ReadSysctls(IEnumerable<string> names)
    {
        var values = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            try
            {
                values[name] = sysctls.Read(name);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // Absent on this node.
            }
        }

        return values.ToImmutable();
    }

    public void Dispose()
    {
        ipvs.Dispose();
        route.Dispose();
        _nftables?.Dispose();
        _fou?.Dispose();
    }
}
