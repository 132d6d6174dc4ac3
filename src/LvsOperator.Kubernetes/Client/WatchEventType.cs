namespace LvsOperator.Kubernetes.Client;

/// <summary>metav1.WatchEvent types. <c>ERROR</c> never reaches callers: it surfaces as an exception.</summary>
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>Carries only a newer resourceVersion, so a resumed watch skips history it already covered.</summary>
    Bookmark,
}
