fn main(){ println!("{}", stancegraph::version()); }
