using LvsOperator.Core.Resources;

namespace LvsOperator.Controller;

/// <summary>
/// The keys events mapped to since the last pass, each once however often it changed (level-triggered: the pass
/// reads the object's current state, not the event's). Informer threads add; the one pass at a time takes all.
/// </summary>
public sealed class ChangeLog
{
    private readonly Lock _gate = new();
    private Pending _pending = new();

    /// <summary>A VirtualService or RealServer to compile again and decide.</summary>
    public void Resource(ResourceRef resource) => With(p => p.Resources.Add(resource));

    /// <summary>A Service whose spec, EndpointSlices or Endpoints changed.</summary>
    public void Service(string @namespace, string name) => With(p => p.Services.Add((@namespace, name)));

    public void Node(string name) => With(p => p.Nodes.Add(name));

    /// <summary>A key to decide again without compiling: its published slices moved, or its last writes failed.</summary>
    public void Decide(ResourceRef resource) => With(p => p.Decide.Add(resource));

    /// <summary>A director's health reports about this real-server address changed.</summary>
    public void Health(string address) => With(p => p.Health.Add(address));

    /// <summary>A Service, AddressPool, Namespace or generated VirtualService changed: the LoadBalancer pass runs.</summary>
    public void LoadBalancers() => With(p => p.LoadBalancers = true);

    public Pending Take()
    {
        lock (_gate)
        {
            var taken = _pending;
            _pending = new Pending();
            return taken;
        }
    }

    private void With(Action<Pending> add)
    {
        lock (_gate) add(_pending);
    }

    public sealed class Pending
    {
        public HashSet<ResourceRef> Resources { get; } = [];
        public HashSet<(string Namespace, string Name)> Services { get; } = [];
        public HashSet<string> Nodes { get; } = new(StringComparer.Ordinal);
        public HashSet<ResourceRef> Decide { get; } = [];
        public HashSet<string> Health { get; } = new(StringComparer.Ordinal);
        public bool LoadBalancers { get; set; }
    }
}
