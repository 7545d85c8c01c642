print("szpon")
