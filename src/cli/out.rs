//! Printing from the command line: every line goes through `safe_text::clean_lines`, so no
//! text from the store, a bundle or another station reaches the terminal as escape sequences
//! or bidirectional overrides. Use these instead of `println!` and friends in `cli`.

/// `println!`, cleaned.
macro_rules! outln {
    () => {
        println!()
    };
    ($($arg:tt)*) => {
        println!("{}", $crate::safe_text::clean_lines(&format!($($arg)*)))
    };
}

/// `print!`, cleaned.
macro_rules! out {
    ($($arg:tt)*) => {
        print!("{}", $crate::safe_text::clean_lines(&format!($($arg)*)))
    };
}

/// `eprintln!`, cleaned.
macro_rules! errln {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::safe_text::clean_lines(&format!($($arg)*)))
    };
}

/// `eprint!`, cleaned (a prompt that waits on the same line).
macro_rules! err {
    ($($arg:tt)*) => {
        eprint!("{}", $crate::safe_text::clean_lines(&format!($($arg)*)))
    };
}
