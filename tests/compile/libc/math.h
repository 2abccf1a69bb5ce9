/* No floating point in the programs layermake compiles in the tests: nothing to declare. */
