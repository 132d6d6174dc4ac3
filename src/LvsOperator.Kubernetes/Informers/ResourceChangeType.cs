namespace LvsOperator.Kubernetes.Informers;

public enum ResourceChangeType
{
    Added,
    Updated,
    Deleted,

    /// <summary>Nothing changed: the periodic resync hands every cached object out again.</summary>
    Resync,
}
