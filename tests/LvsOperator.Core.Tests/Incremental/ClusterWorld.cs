using LvsOperator.Core.Compilation;
using LvsOperator.Core.Compilation.Incremental;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Tests.Incremental;

/// <summary>The resources a sequence of events leaves, fed to an incremental compiler as they change.</summary>
internal sealed class ClusterWorld
{
    private readonly Dictionary<ResourceRef, VirtualService> _virtualServices = [];
    private readonly Dictionary<ResourceRef, RealServer> _realServers = [];
    private readonly Dictionary<string, ServiceBackends> _services = [];
    private readonly Dictionary<string, NodeInfo> _nodes = [];
    private long _generation;

    public IncrementalCompiler Compiler { get; } = new(new CompilerOptions());

    public ClusterSnapshot Snapshot => new(
        [.. _virtualServices.Values], [.. _realServers.Values], [.. _services.Values], [.. _nodes.Values]);

    public void Apply(ClusterEvent e)
    {
        switch (e)
        {
            case SetVirtualService set:
                var vs = set.Resource with { Metadata = set.Resource.Metadata with { Generation = ++_generation } };
                _virtualServices[ResourceRef.Of(vs)] = vs;
                Compiler.SetVirtualService(vs);
                break;
            case RemoveVirtualService remove:
                var vsRef = new ResourceRef(ResourceKinds.VirtualService, remove.Namespace, remove.Name);
                _virtualServices.Remove(vsRef);
                Compiler.RemoveVirtualService(vsRef);
                break;
            case SetRealServer set:
                _realServers[ResourceRef.Of(set.Resource)] = set.Resource;
                Compiler.SetRealServer(set.Resource);
                break;
            case RemoveRealServer remove:
                var rsRef = new ResourceRef(ResourceKinds.RealServer, "default", remove.Name);
                _realServers.Remove(rsRef);
                Compiler.RemoveRealServer(rsRef);
                break;
            case SetService set:
                _services[set.Backends.Name] = set.Backends;
                Compiler.SetService(set.Backends);
                break;
            case RemoveService remove:
                _services.Remove(remove.Name);
                Compiler.RemoveService("default", remove.Name);
                break;
            case SetNode set:
                _nodes[set.Node.Name] = set.Node;
                Compiler.SetNode(set.Node);
                break;
            case RemoveNode remove:
                _nodes.Remove(remove.Name);
                Compiler.RemoveNode(remove.Name);
                break;
        }
    }
}

internal abstract record ClusterEvent;
internal sealed record SetVirtualService(VirtualService Resource) : ClusterEvent;
internal sealed record RemoveVirtualService(string Namespace, string Name) : ClusterEvent;
internal sealed record SetRealServer(RealServer Resource) : ClusterEvent;
internal sealed record RemoveRealServer(string Name) : ClusterEvent;
internal sealed record SetService(ServiceBackends Backends) : ClusterEvent;
internal sealed record RemoveService(string Name) : ClusterEvent;
internal sealed record SetNode(NodeInfo Node) : ClusterEvent;
internal sealed record RemoveNode(string Name) : ClusterEvent;
