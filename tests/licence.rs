//! The licence files Cargo.toml's `license` field names are shipped.

#[test]
fn the_licences_cargo_toml_names_are_in_the_repository() {
    let root = env!("CARGO_MANIFEST_DIR");
    let read = |name: &str| {
        std::fs::read_to_string(format!("{root}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let manifest = read("Cargo.toml");
    assert!(
        manifest.contains("license = \"MIT OR Apache-2.0\""),
        "Cargo.toml's license field changed: update the licence files and this test"
    );
    let mit = read("LICENSE-MIT");
    assert!(mit.contains("Permission is hereby granted, free of charge"));
    assert!(
        mit.contains("stancegraph"),
        "the MIT text names its copyright holder"
    );
    let apache = read("LICENSE-APACHE");
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"));
    assert!(
        apache.contains("END OF TERMS AND CONDITIONS"),
        "the whole licence text"
    );
    let readme = read("README.md");
    assert!(readme.contains("LICENSE-MIT") && readme.contains("LICENSE-APACHE"));
}
