//! The host lookups on the DevTools hot path allocate nothing once their index is built.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use authlens::providers::{provider_for_host, providers_for_host};

/// Counts the allocations made by the current thread.
struct CountingAllocator;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn host_lookups_do_not_allocate() {
    // Builds the index once.
    let _ = providers_for_host("api.github.com");
    let hosts = [
        "api.github.com",
        "API.Anthropic.com:443",
        "myres.openai.azure.com.",
        "bedrock-runtime.us-east-1.amazonaws.com",
        "localhost",
        "[::1]:8080",
        "",
    ];
    let mut seen = 0;
    let n = allocations_during(|| {
        for host in hosts {
            seen += providers_for_host(host).len();
            seen += usize::from(provider_for_host(host).is_some());
        }
    });
    assert_eq!(n, 0, "{n} allocations");
    assert!(seen >= 5 + 4, "lookups found too little: {seen}");
    // The counter works: a Vec allocates.
    assert!(allocations_during(|| drop(std::hint::black_box(vec![1u8; 8]))) > 0);
}
