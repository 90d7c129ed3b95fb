using System.Runtime.InteropServices;

namespace Briefly.Embeddings;

/// <summary>The C allocator's heap, where ONNX Runtime keeps the model's weights and buffers.</summary>
internal static partial class NativeHeap
{
    /// <summary>
    /// Returns the free pages at the top of the C heap and in its arenas to the system (glibc's <c>malloc_trim</c>), so
    /// memory a freed model held leaves the process instead of waiting for reuse. Elsewhere (Windows, musl) it does nothing.
    /// </summary>
    public static void Trim()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc: its allocator returns memory in its own way.
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
